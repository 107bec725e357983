"""Static HTML handouts: every notebook executed, figures embedded, widgets replaced by a note.

For learners who need a printable or offline copy. Interactive views cannot
work in a static page, so each one is replaced by a short note saying what
it is and where to use it.

Run ``make handouts`` (or ``python -m glutelab.handouts [out_dir]``).
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["WIDGET_NOTE", "build_handout", "build_handouts"]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = (
    '<div class="glutelab-widget-note" style="border:1px dashed #777;padding:8px;margin:4px 0">'
    "<b>Interactive view.</b> This part of the lesson is interactive: open the notebook in "
    "JupyterLab (<code>make course</code>) or on Binder to use it.</div>"
)
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def build_handout(notebook: Path, out_dir: Path, *, timeout: int = 600) -> Path:
    """Execute ``notebook`` on a fresh kernel and write ``<name>.html`` to ``out_dir``."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import ExecutePreprocessor

    nb = nbformat.read(notebook, as_version=4)  # type: ignore[no-untyped-call]
    runner = ExecutePreprocessor(timeout=timeout, kernel_name="python3")  # type: ignore[no-untyped-call]
    runner.preprocess(nb, {"metadata": {"path": str(notebook.parent)}})
    nb.metadata.pop("widgets", None)  # live widget state has no use in a static page
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_MIME in data:
                output["data"] = {"text/html": WIDGET_NOTE, "text/plain": "[interactive view]"}
    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        exclude_input_prompt=True, exclude_output_prompt=True
    )
    html, _ = exporter.from_notebook_node(nb)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{notebook.stem}.html"
    target.write_text(html, encoding="utf-8")
    return target


def build_handouts(out_dir: Path) -> list[Path]:
    """Build a handout for every course notebook, in learning order."""
    return [build_handout(nb, out_dir) for nb in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))]


if __name__ == "__main__":  # pragma: no cover - command-line entry point
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build/handouts")
    for path in build_handouts(out):
        print(path)
