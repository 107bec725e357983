"""The course's parts as the website sees them, read from the files themselves.

Chapters are the notebooks ``notebooks/NN_*.ipynb`` in file order (the learning order);
each chapter's title and time come from its own first cell, its one-line summary from the
README's course table when the table lists it. Explorers are the app notebooks in ``apps/``;
a chapter "has" an explorer when one of its code cells calls the function the app calls.
Nothing here is typed twice: a notebook or an app added to its folder appears on the site.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from book.links import ROOT

NOTEBOOKS = ROOT / "notebooks"
APPS = ROOT / "apps"
README = ROOT / "README.md"
CHAPTER_GLOB = "[0-9][0-9]_*.ipynb"

_CALL = re.compile(r"\b([a-z_][a-z0-9_]*)\s*\(")
_TIME = re.compile(r"\*\*Time:\*\*\s*(?:about\s+)?([^.\n]+)", re.IGNORECASE)
_ROW = re.compile(r"^\|\s*(\d\d)\s*\|\s*`([^`]+\.ipynb)`:?\s*(.*?)\s*\|\s*([^|]*?)\s*\|\s*$")


@dataclass(frozen=True)
class App:
    """An explorer served as an app: its notebook (relative to the repository) and what it calls."""

    path: str
    title: str
    function: str


@dataclass(frozen=True)
class Chapter:
    """One course notebook, as the site lists it."""

    path: Path
    title: str
    time: str
    summary: str
    calls: frozenset[str]

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def repo_path(self) -> str:
        """The notebook's path in the repository, e.g. ``notebooks/01_anatomy.ipynb``."""
        return self.path.relative_to(ROOT).as_posix()


def _cells(path: Path) -> list[dict[str, object]]:
    cells: list[dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return cells


def _source(cell: dict[str, object]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def calls_in(code: str) -> set[str]:
    """Names of the functions a piece of code calls.

    >>> sorted(calls_in("import glutelab\\n\\nglutelab.myth_explorer()"))
    ['myth_explorer']
    """
    return set(_CALL.findall(code))


def course_table(readme: Path = README) -> dict[str, tuple[str, str]]:
    """The README's course table: notebook file name -> (summary, time).

    >>> table = course_table()
    >>> table["01_anatomy.ipynb"][1]
    '25 min'
    """
    rows = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            rows[match.group(2)] = (match.group(3), match.group(4))
    return rows


def read_chapter(path: Path, table: dict[str, tuple[str, str]]) -> Chapter:
    """A chapter's title and time (first cell), summary (README) and the functions it calls."""
    cells = _cells(path)
    first = _source(cells[0]) if cells else ""
    heading = next((line for line in first.splitlines() if line.startswith("# ")), "")
    if not heading:
        raise ValueError(f"{path.name}: the first cell must start with a '# Title' line")
    summary, readme_time = table.get(path.name, ("", ""))
    found = _TIME.search(first)
    time = readme_time or (found.group(1).strip() if found else "")
    calls: set[str] = set()
    for cell in cells:
        if cell.get("cell_type") == "code":
            calls |= calls_in(_source(cell))
    return Chapter(path, heading[2:].strip(), time, summary, frozenset(calls))


def chapters(folder: Path = NOTEBOOKS) -> list[Chapter]:
    """Every course notebook, in learning order (file-name order)."""
    table = course_table()
    return [read_chapter(path, table) for path in sorted(folder.glob(CHAPTER_GLOB))]


def apps(folder: Path = APPS) -> list[App]:
    """Every app notebook: its title (first heading) and the explorer function it calls.

    An app notebook that does not call exactly one function (a teacher's own, say) is left
    out: the site cannot tell which chapter's explorer it is.
    """
    found = []
    for path in sorted(folder.glob("*.ipynb")):
        cells = _cells(path)
        markdown = "\n".join(_source(c) for c in cells if c.get("cell_type") == "markdown")
        heading = next((ln for ln in markdown.splitlines() if ln.startswith("# ")), path.stem)
        code = "\n".join(_source(c) for c in cells if c.get("cell_type") == "code")
        functions = sorted(calls_in(code))
        if len(functions) == 1:
            title = heading.lstrip("# ")
            found.append(App(path.relative_to(ROOT).as_posix(), title, functions[0]))
    return found


def apps_called(code: str, known: list[App]) -> list[App]:
    """The apps whose explorer this code shows."""
    names = calls_in(code)
    return [app for app in known if app.function in names]
