// glutelab classroom page: shows an explorer's widgets without Voilà's JupyterLab front end.
//
// Voilà renders the notebook on the server (from a pre-heated kernel) and puts each output in a
// <script type="application/vnd.voila.cell-output+json">. Voilà's own page script then boots a
// JupyterLab application (about 80 requests, 1-2 CPU-seconds of the learner's browser's work)
// only to put those outputs back in place. This script does that one job with ipywidgets' own
// widget manager base and the kernel connection of @jupyterlab/services:
//   1. connect to the page's kernel (its id is in the page's jupyter-config-data);
//   2. load the widgets the notebook made (ipywidgets' control comm: "request_states");
//   3. render every output in place, widget views included;
//   4. name the sliders' handles for screen readers;
//   5. show the cells (or say what to do when the kernel has gone), and shut the kernel down
//      when the tab closes (as Voilà's page does).
//
// It loads ipywidgets 8's base and controls widgets only: no Output widget, no ipywidgets-7
// models, no JupyterLab renderers (the explorers need none of them; tests/test_classroom.py
// checks every app's widgets). That keeps the script at 0.7 MB instead of the 1.6 MB that
// ipywidgets' HTML manager brings, and saves about a fifth of the browser's work per page.
import * as base from "@jupyter-widgets/base";
import { ManagerBase } from "@jupyter-widgets/base-manager";
import * as controls from "@jupyter-widgets/controls";
import { KernelConnection } from "@jupyterlab/services/lib/kernel/default";
import { getKernelModel } from "@jupyterlab/services/lib/kernel/restapi";
import { ServerConnection } from "@jupyterlab/services/lib/serverconnection";
import { MessageLoop } from "@lumino/messaging";
import { Widget } from "@lumino/widgets";
import "@lumino/widgets/style/index.css";
import "@jupyter-widgets/controls/css/widgets-base.css";
import "./page.css";

const OUTPUT_SELECTOR = 'script[type="application/vnd.voila.cell-output+json"]';
const WIDGET_MIMETYPE = "application/vnd.jupyter.widget-view+json";
const WIDGET_PROBLEM =
  "This part of the explorer could not be shown. Reload the page; if it happens again, tell your teacher.";

/** The widget modules this page has, by the name a model gives (ipywidgets 8: version 2.x). */
const WIDGET_MODULES = { "@jupyter-widgets/base": base, "@jupyter-widgets/controls": controls };

/** ipywidgets' widget manager, talking to a live kernel. */
class ClassroomWidgetManager extends ManagerBase {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    this.views = new Set();
    kernel.registerCommTarget(this.comm_target_name, async (comm, msg) => {
      await this.handle_comm_open(new base.shims.services.Comm(comm), msg);
    });
    window.addEventListener("resize", () => {
      for (const view of this.views) {
        MessageLoop.postMessage(view.luminoWidget, Widget.ResizeMessage.UnknownSize);
      }
    });
  }

  /** A model's or view's class, from the modules above; any other is an error that says so. */
  async loadClass(className, moduleName, moduleVersion) {
    const module = WIDGET_MODULES[moduleName];
    if (!module || !/^2\./.test(moduleVersion)) {
      throw new Error(`this page has no widget module ${moduleName} ${moduleVersion}`);
    }
    if (!module[className]) {
      throw new Error(`${moduleName} ${moduleVersion} has no ${className}`);
    }
    return module[className];
  }

  /**
   * A description written as HTML (description_allow_html), shown as its text. No explorer
   * uses one, and ipywidgets' sanitiser (sanitize-html, with PostCSS: a quarter of a megabyte)
   * is left out of the script (build.mjs).
   */
  inline_sanitize(source) {
    const text = document.createElement("span");
    text.textContent = source;
    return text.innerHTML;
  }

  async _create_comm(targetName, modelId, data, metadata, buffers) {
    const comm = this.kernel.createComm(targetName, modelId);
    if (data || metadata) {
      comm.open(data, metadata, buffers);
    }
    return new base.shims.services.Comm(comm);
  }

  async _get_comm_info() {
    const reply = await this.kernel.requestCommInfo({ target_name: this.comm_target_name });
    return reply.content.status === "ok" ? reply.content.comms : {};
  }

  /**
   * Show a widget's view in ``host`` (a Lumino widget: it must be in the page). A widget whose
   * class could not be loaded is an error here, not ipywidgets' stand-in for it ("Click to show
   * javascript error"): the page shows the learner a message instead.
   */
  async display(modelId, host) {
    const model = await this.get_model(modelId);
    if (model.get("_view_name") === "ErrorWidgetView") {
      throw new Error(`${model.get("msg")}: ${model.get("error")}`);
    }
    const view = await this.create_view(model);
    Widget.attach(view.luminoWidget, host);
    this.views.add(view);
    view.once("remove", () => this.views.delete(view));
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

/** A notebook output's text: a string, or a list of lines. */
function joined(value) {
  return Array.isArray(value) ? value.join("") : String(value);
}

/**
 * Put one output where its <script> is: a widget's view; else, in JupyterLab's order of
 * preference among what the apps can show, its HTML (the notebook's own output, trusted as
 * Voilà's page trusts it, though a <script> in it does not run), a PNG image or its plain text.
 */
async function renderOutput(script, manager) {
  const output = JSON.parse(script.textContent);
  const data = mimeBundle(output);
  const host = document.createElement("div");
  host.className = "jp-OutputArea-output";
  script.replaceWith(host);
  const widget = data[WIDGET_MIMETYPE];
  if (widget) {
    host.classList.add("jupyter-widgets");
    try {
      await manager.display(widget.model_id, host);
    } catch (error) {
      console.error("glutelab classroom page: a widget could not be shown:", error);
      host.append(problemMessage(WIDGET_PROBLEM));
    }
  } else if ("text/html" in data) {
    host.classList.add("jp-RenderedHTMLCommon", "jp-RenderedHTML");
    host.innerHTML = joined(data["text/html"]);
  } else if ("image/png" in data) {
    const image = document.createElement("img");
    image.src = `data:image/png;base64,${joined(data["image/png"]).trim()}`;
    image.alt = output.metadata?.["image/png"]?.alt ?? ""; // as glutelab's charts give it
    host.classList.add("jp-RenderedImage");
    host.append(image);
  } else if ("text/plain" in data) {
    const text = document.createElement("pre");
    text.textContent = joined(data["text/plain"]);
    host.classList.add("jp-RenderedText");
    host.append(text);
  } else {
    host.remove();
  }
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

/** A message for the learner, announced by screen readers. */
function problemMessage(text) {
  const problem = document.createElement("p");
  problem.className = "glutelab-page-problem";
  problem.setAttribute("role", "alert");
  problem.textContent = text;
  return problem;
}

/** A message in place of the explorer when the page cannot reach its kernel. */
function showProblem(text) {
  document.getElementById("rendered_cells")?.prepend(problemMessage(text));
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
