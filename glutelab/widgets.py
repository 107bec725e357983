"""Building blocks shared by the course's widgets.

Everything a widget shows that comes from a data file is HTML-escaped here,
charts are shown as an ``<img>`` with alt text (so screen readers and the
browser tests can read them), and each view updates in place: one HTML widget
whose value is replaced, never output that accumulates.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any

import ipywidgets as w
import pandas as pd

from glutelab.citations import reference_html
from glutelab.style import Chart

__all__ = [
    "ChartView",
    "ReferenceList",
    "escape",
    "reference_list",
    "references_html",
    "status_html",
]


ANY = "any"
"""The value of a drop-down's "Any ..." option.

ipywidgets shows a ``Dropdown`` whose value is ``None`` as blank (its value observer sets
``index = None``, and whether that observer fires at start-up depends on the kernel's hash
seed), so "no filter" needs a real value: this one, read back as ``None`` by :func:`chosen`.
"""


def any_option(label: str) -> tuple[str, str]:
    """The "no filter" option of a drop-down.

    >>> any_option("Any muscle")
    ('Any muscle', 'any')
    """
    return (label, ANY)


def chosen(value: Any) -> Any:
    """A drop-down's value, with the "Any ..." option read as ``None`` (no filter).

    >>> chosen(ANY) is None, chosen("gluteus_medius"), chosen(False)
    (True, 'gluteus_medius', False)
    """
    return None if isinstance(value, str) and value == ANY else value


def escape(text: object) -> str:
    """Text from a data file, safe to put inside HTML.

    >>> escape("<script>alert('x')</script> & <b>bold</b>")
    '&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;'
    """
    return html.escape("" if text is None else str(text))


def status_html(message: str, *, kind: str = "info") -> str:
    """A short message announced politely to screen readers (``role=status``).

    ``kind`` is ``info``, ``good``, ``warn``; the words carry the meaning, the colour only helps.
    A long message wraps (``white-space:normal``), with lines spaced for reading rather than
    at the widgets' 28 px row height.

    >>> status_html("Saved <b>2</b> answers.", kind="good")[:39]
    '<div role="status" aria-live="polite" s'
    >>> "Saved &lt;b&gt;2&lt;/b&gt; answers." in status_html("Saved <b>2</b> answers.")
    True
    """
    colours = {"info": "#004A80", "good": "#005A32", "warn": "#8A3B00"}
    colour = colours.get(kind, colours["info"])
    return (
        f'<div role="status" aria-live="polite" style="color:{colour};font-size:1.05em;'
        f'line-height:1.4;white-space:normal;overflow-wrap:anywhere">{escape(message)}</div>'
    )


def references_html(ids: Iterable[str], references: pd.DataFrame) -> str:
    """An ordered list of formatted, escaped references with DOI links.

    >>> from glutelab.data import load_references
    >>> html_text = references_html(["neumann2010"], load_references())
    >>> html_text.startswith("<ol><li>Neumann DA (2010). Kinesiology of the hip")
    True
    """
    items = []
    for ident in ids:
        if ident in references.index:
            item: dict[str, object] = references.at[ident, "csl"]  # type: ignore[assignment]
            items.append(f"<li>{reference_html(item)}</li>")
        else:
            items.append(f"<li>{escape(ident)} (no record in references.json)</li>")
    return "<ol>" + "".join(items) + "</ol>" if items else ""


class ChartView(w.HTML):  # type: ignore[misc]
    """An HTML widget that shows one chart at a time, replaced in place.

    The ``<img>`` carries the chart's alt text; the source line is part of the image.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cache: OrderedDict[Hashable, tuple[str, dict[str, Any]]] = OrderedDict()
        self.data: dict[str, Any] = {}
        """What the shown chart drew (``Chart.data``), for tests and screen-reader tables."""

    def show(self, chart: Chart, *, keep: bool = False, png: bytes | None = None) -> None:
        """Replace the current chart with ``chart``.

        The figure's memory is released afterwards unless ``keep`` is true
        (a widget that redraws the same figure in place keeps it). ``png``: the chart
        already rendered (e.g. by :class:`glutelab.style.Layers`), so it is not drawn again.
        """
        # The source line is drawn inside the image; the alt text describes the chart.
        self.value = chart.html(png)
        self.data = dict(chart.data)
        if not keep:
            chart.figure.clear()

    def clear(self) -> None:
        """Show nothing (and record that nothing is drawn)."""
        self.value = ""
        self.data = {}

    def show_cached(
        self, key: Hashable, build: Callable[[], Chart], *, keep: bool = False, size: int = 64
    ) -> None:
        """Show the chart for ``key``, drawing it with ``build`` only the first time.

        Learners flip back and forth between a few states; rendering a PNG is the slow
        part of an update, so the last ``size`` renderings are kept.
        """
        cache: OrderedDict[Hashable, tuple[str, dict[str, Any]]] = self._cache
        if key in cache:
            cache.move_to_end(key)
            self.value, self.data = cache[key]
            return
        chart = build()
        data = dict(chart.data)
        self.show(chart, keep=keep)
        self.data = data
        cache[key] = (self.value, data)
        while len(cache) > size:
            cache.popitem(last=False)


class ReferenceList:
    """A notebook's reference list: formatted from references.json, DOIs linked, text escaped."""

    def __init__(self, ids: Iterable[str]) -> None:
        from glutelab.data import load_references

        self.ids = list(ids)
        self.references = load_references()
        missing = [i for i in self.ids if i not in self.references.index]
        if missing:
            names = ", ".join(map(repr, missing))
            raise KeyError(f"no reference with id {names} in references.json")

    def _repr_html_(self) -> str:
        return references_html(self.ids, self.references)

    def __repr__(self) -> str:
        return "\n".join(f"- {i}" for i in self.ids)


def reference_list(*ids: str) -> ReferenceList:
    """Show these references (ids from references.json) as a numbered list.

    >>> reference_list("neumann2010").ids
    ['neumann2010']
    """
    return ReferenceList(ids)


class HtmlBlock:
    """Already-escaped HTML that a notebook cell displays (and a plain-text fallback)."""

    def __init__(self, html_text: str, text: str = "") -> None:
        self.html_text, self.text = html_text, text

    def _repr_html_(self) -> str:
        return self.html_text

    def __repr__(self) -> str:
        return self.text or "(HTML table)"
