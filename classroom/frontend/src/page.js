// glutelab classroom page: shows an explorer's widgets without Voilà's JupyterLab front end.
//
// Voilà renders the notebook on the server (from a pre-heated kernel) and puts each output in a
// <script type="application/vnd.voila.cell-output+json">. Voilà's own page script then boots a
// JupyterLab application (about 80 requests, 1-2 CPU-seconds of the learner's browser's work)
// only to put those outputs back in place. This script does that one job with ipywidgets' HTML
// manager and the kernel connection of @jupyterlab/services:
//   1. connect to the page's kernel (its id is in the page's jupyter-config-data);
//   2. load the widgets the notebook made (ipywidgets' control comm: "request_states");
//   3. render every output in place, widget views included;
//   4. name the sliders' handles for screen readers;
//   5. show the cells (or say what to do when the kernel has gone), and shut the kernel down
//      when the tab closes (as Voilà's page does).
import { shims } from "@jupyter-widgets/base";
import { HTMLManager } from "@jupyter-widgets/html-manager/lib/htmlmanager";
import { MimeModel } from "@jupyterlab/rendermime";
import { KernelConnection } from "@jupyterlab/services/lib/kernel/default";
import { getKernelModel } from "@jupyterlab/services/lib/kernel/restapi";
import { ServerConnection } from "@jupyterlab/services/lib/serverconnection";
import { Widget } from "@lumino/widgets";
import "@lumino/widgets/style/index.css";
import "@jupyter-widgets/controls/css/widgets-base.css";
import "./page.css";

const OUTPUT_SELECTOR = 'script[type="application/vnd.voila.cell-output+json"]';

/** ipywidgets' HTML manager, talking to a live kernel. */
class ClassroomWidgetManager extends HTMLManager {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    kernel.registerCommTarget(this.comm_target_name, async (comm, msg) => {
      await this.handle_comm_open(new shims.services.Comm(comm), msg);
    });
  }

  async _create_comm(targetName, modelId, data, metadata, buffers) {
    const comm = this.kernel.createComm(targetName, modelId);
    if (data || metadata) {
      comm.open(data, metadata, buffers);
    }
    return new shims.services.Comm(comm);
  }

  async _get_comm_info() {
    const reply = await this.kernel.requestCommInfo({ target_name: this.comm_target_name });
    return reply.content.status === "ok" ? reply.content.comms : {};
  }
}

/** The page's settings, written by Voilà's template. */
function pageConfig() {
  const element = document.getElementById("jupyter-config-data");
  return element ? JSON.parse(element.textContent) : {};
}

/** One output as a MIME bundle (streams and errors as plain text, as a reader sees them). */
function mimeBundle(output) {
  switch (output.output_type) {
    case "stream":
      return { "text/plain": output.text };
    case "error":
      return { "text/plain": `${output.ename}: ${output.evalue}` };
    default:
      return output.data || {};
  }
}

/** Put one output where its <script> is. */
async function renderOutput(script, manager) {
  const output = JSON.parse(script.textContent);
  const data = mimeBundle(output);
  const mimeType = manager.renderMime.preferredMimeType(data, "any");
  if (!mimeType) {
    return;
  }
  const host = document.createElement("div");
  host.className = "jp-OutputArea-output";
  script.replaceWith(host);
  const renderer = manager.renderMime.createRenderer(mimeType);
  Widget.attach(renderer, host); // a widget view is attached inside it: it must be in the page
  const model = new MimeModel({ data, metadata: output.metadata || {}, trusted: true });
  await renderer.renderModel(model);
}

let sliderLabels = 0; // labels given an id here

/**
 * Name every slider's handle by the slider's visible label. ipywidgets gives the handle
 * (role="slider") no accessible name, so a screen reader announced only "slider".
 */
function nameSliderHandles(root) {
  for (const slider of root.querySelectorAll(".widget-slider")) {
    const label = slider.querySelector(":scope > label.widget-label");
    if (!label || !label.textContent.trim()) {
      continue;
    }
    if (!label.id) {
      sliderLabels += 1;
      label.id = `glutelab-slider-label-${sliderLabels}`;
    }
    for (const handle of slider.querySelectorAll('[role="slider"]:not([aria-labelledby])')) {
      handle.setAttribute("aria-labelledby", label.id);
    }
  }
}

/** Name the handles of the sliders on the page now, and of those an explorer adds later. */
function keepSlidersNamed(root) {
  nameSliderHandles(root);
  new MutationObserver(() => nameSliderHandles(root)).observe(root, {
    childList: true,
    subtree: true,
  });
}

/** Hide Voilà's "Running ..." and show the notebook. */
function showCells() {
  document.getElementById("loading")?.remove();
  const cells = document.getElementById("rendered_cells");
  if (cells) {
    cells.style.display = "";
  }
}

/** A message in place of the explorer when the page cannot reach its kernel. */
function showProblem(text) {
  const problem = document.createElement("p");
  problem.className = "glutelab-page-problem";
  problem.setAttribute("role", "alert");
  problem.textContent = text;
  document.getElementById("rendered_cells")?.prepend(problem);
  showCells();
}

/** Ask the server to shut the kernel down when the tab closes (Voilà's page does the same). */
function shutDownOnLeave(baseUrl, kernel) {
  window.addEventListener("beforeunload", () => {
    const form = new FormData();
    const xsrf = document.cookie.match("\\b_xsrf=([^;]*)\\b");
    form.append("_xsrf", (xsrf && xsrf[1]) || "");
    window.navigator.sendBeacon(`${baseUrl}voila/api/shutdown/${kernel.id}`, form);
    kernel.dispose();
  });
}

async function main() {
  const config = pageConfig();
  const baseUrl = config.baseUrl || "/";
  const settings = ServerConnection.makeSettings({ baseUrl });
  const model = config.kernelId ? await getKernelModel(config.kernelId, settings) : undefined;
  if (!model) {
    showProblem("This explorer's session has ended. Reload the page to start a new one.");
    return;
  }
  // No kernel subshells for comms (JupyterLab 4.6's default): Voilà's kernel connection refuses
  // their messages ("create_subshell_request ... not allowed").
  const kernel = new KernelConnection({
    model,
    serverSettings: settings,
    commsOverSubshells: "disabled",
  });
  shutDownOnLeave(baseUrl, kernel);
  const manager = new ClassroomWidgetManager(kernel);
  await manager._loadFromKernel();
  const scripts = Array.from(document.querySelectorAll(OUTPUT_SELECTOR));
  await Promise.all(scripts.map((script) => renderOutput(script, manager)));
  keepSlidersNamed(document.getElementById("rendered_cells") || document.body);
  showCells();
}

main().catch((error) => {
  console.error("glutelab classroom page:", error);
  showProblem("The explorer could not start. Reload the page; if it happens again, tell your teacher.");
});
