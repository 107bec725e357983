"""Write a course notebook from a compact cell list (used to author notebooks; outputs stay empty).

Usage from Python: ``write_notebook(path, [("md", "..."), ("code", "...")])``.
Cells tagged ``("code", src, ["NBVAL_CHECK_OUTPUT"])`` are checked strictly by nbval.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


def write_notebook(path: str | Path, cells: list[tuple]) -> None:
    """Write cells to ``path`` as a clean notebook (no outputs, no execution counts)."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    for kind, source, *rest in cells:
        tags = rest[0] if rest else []
        cell = new_markdown_cell(source.strip()) if kind == "md" else new_code_cell(source.strip())
        if tags:
            cell.metadata["tags"] = list(tags)
        nb.cells.append(cell)
    nbformat.validate(nb)
    Path(path).write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
