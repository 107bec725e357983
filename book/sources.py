"""The website's source folder: the course notebooks, a generated home page and references page.

Sphinx reads one folder; :func:`stage` fills ``build/site-src`` with copies of
``notebooks/NN_*.ipynb`` and writes ``index.md`` (the learning path, from the notebooks and the
README's course table) and ``references.md`` (every record of ``data/references.json``). A file
is only written when its content changed, so an unchanged course is not read again.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from book.course import Chapter, chapters
from book.links import ROOT

SOURCE_DIR = ROOT / "build" / "site-src"
REFERENCES_PAGE = "references"


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write ``content`` to ``path`` unless it already holds exactly that; whether it wrote."""
    if path.exists() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


def total_minutes(times: list[str]) -> int:
    """The sum of times written "25 min" (0 when any is written otherwise).

    >>> total_minutes(["15 min", "25 min", "about 30 min"])
    70
    >>> total_minutes(["15 min", "an hour"])
    0
    """
    minutes = [re.fullmatch(r"(?:about\s+)?(\d+)\s*min(?:utes)?", t.strip()) for t in times]
    return sum(int(m.group(1)) for m in minutes if m) if all(minutes) else 0


def home_page(parts: list[Chapter]) -> str:
    """The home page: what the course is, the learning path with times, the table of contents."""
    rows = "\n".join(
        f"| {ch.stem[:2]} | [{ch.title}](notebooks/{ch.stem}.ipynb) | {ch.summary} | {ch.time} |"
        for ch in parts
    )
    total = total_minutes([ch.time for ch in parts])
    total_line = f"In all, about {total // 60} h {total % 60} min of study.\n" if total else ""
    toc = "\n".join(f"notebooks/{ch.stem}" for ch in parts)
    return f"""# The glutelab course

A course for physiotherapists, strength and conditioning coaches and students: the anatomy of
gluteus maximus, medius and minimus; why "my glutes don't fire" is the wrong story, and what
weakness, altered motor control and inhibition mean instead; and what surface-EMG studies
measured, as %MVIC, during the exercises people prescribe.

Every chapter below is a Jupyter notebook, run when this site was built: the figures and tables
are the ones the code draws. The explorers are shown in their starting state; each has a link
that opens it live. Every page has launch links at its top.

## The learning path

| Step | Chapter | What it covers | Time |
|---|---|---|---|
{rows}

{total_line}
The [references](references.md) page lists every source the course cites.

```{{toctree}}
:maxdepth: 1
:caption: Chapters

{toc}
{REFERENCES_PAGE}
```
"""


def references_page() -> str:
    """Every record of ``data/references.json``, formatted as in the notebooks, with anchors."""
    from glutelab.citations import reference_html
    from glutelab.data import load_references

    references = load_references()
    items = []
    for ident in sorted(references.index):
        item: dict[str, object] = references.at[ident, "csl"]  # type: ignore[assignment]
        items.append(f'<li id="ref-{html.escape(str(ident))}">{reference_html(item)}</li>')
    body = "\n".join(items)
    return f"""# References

Every source the course cites, from the project's bibliographic records
(`data/references.json`). DOIs link to the publisher's record.

```{{raw}} html
<ol class="glutelab-references">
{body}
</ol>
```
"""


def stage(out: Path = SOURCE_DIR) -> list[Chapter]:
    """Fill ``out`` with the site's sources; the chapters, in learning order."""
    parts = chapters()
    wanted = {"index.md", f"{REFERENCES_PAGE}.md"}
    write_if_changed(out / "index.md", home_page(parts).encode("utf-8"))
    write_if_changed(out / f"{REFERENCES_PAGE}.md", references_page().encode("utf-8"))
    for chapter in parts:
        wanted.add(f"notebooks/{chapter.path.name}")
        write_if_changed(out / "notebooks" / chapter.path.name, chapter.path.read_bytes())
    for path in (out / "notebooks").glob("*.ipynb"):  # a notebook removed from the course
        if f"notebooks/{path.name}" not in wanted:
            path.unlink()
    return parts
