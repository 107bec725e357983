"""Building blocks shared by the course's widgets.

Everything a widget shows that comes from a data file is HTML-escaped here,
charts are shown as an ``<img>`` with alt text (so screen readers and the
browser tests can read them), and each view updates in place: one HTML widget
whose value is replaced, never output that accumulates.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import hashlib
import html
import itertools
import os
import pickle
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, ClassVar, Protocol, TypeVar

import ipywidgets as w
import pandas as pd

from glutelab.citations import reference_html
from glutelab.data import data_stamp
from glutelab.style import Chart

__all__ = [
    "ChartView",
    "ReferenceList",
    "Renderings",
    "clear_renderings",
    "escape",
    "fingerprint",
    "reference_item_html",
    "reference_list",
    "references_html",
    "settled",
    "source_details_html",
    "status_html",
]

SOURCE_DETAILS = "Source details"
"""The summary line of the disclosure that holds curation detail (which copy was read, where)."""


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


def source_details_html(body: str) -> str:
    """Curation detail (``body``, already escaped HTML) behind a closed "Source details" disclosure.

    Learners read the plain sentence; which copy of a source was read, the locator and what
    could not be seen stay one click away, in a native ``<details>`` element (keyboard:
    Tab to the summary, Enter or Space to open it). Empty ``body`` gives no disclosure.

    >>> html = source_details_html(escape("abstract <copy>"))
    >>> html.startswith('<details class="glutelab-source-details"><summary>Source details')
    True
    >>> "abstract &lt;copy&gt;</div></details>" in html
    True
    >>> source_details_html("")
    ''
    """
    if not body:
        return ""
    return (
        f'<details class="glutelab-source-details"><summary>{SOURCE_DETAILS}</summary>'
        f'<div style="white-space:normal;font-size:0.9em">{body}</div></details>'
    )


def reference_item_html(ident: str, references: pd.DataFrame, *, seen_at: str = "") -> str:
    """One formatted, escaped reference, with its record note behind "Source details".

    ``seen_at``: where a finding citing it was read (a copy's address), shown first in
    the disclosure.

    Examples
    --------
    >>> from glutelab.data import load_references
    >>> references = load_references()
    >>> html = reference_item_html("grays1918", references, seen_at="https://example.org/copy")
    >>> html.startswith("Henry Gray (1918). Anatomy of the Human Body")
    True
    >>> details = html[html.index("<details"):]  # what the learner opens to see
    >>> details.count("<i>Read at:</i> https://example.org/copy"), details.count("<i>Record:</i>")
    (1, 1)
    >>> reference_item_html("nobody2020", references)
    'nobody2020 (no record in references.json)'
    """
    if ident not in references.index:
        return f"{escape(ident)} (no record in references.json)"
    item: dict[str, object] = references.at[ident, "csl"]  # type: ignore[assignment]
    parts = [f"<i>Read at:</i> {escape(seen_at)}"] if seen_at else []
    note = item.get("note")
    if note:
        parts.append(f"<i>Record:</i> {escape(note)}")
    return reference_html(item) + source_details_html("<br>".join(parts))


def references_html(ids: Iterable[str], references: pd.DataFrame) -> str:
    """An ordered list of formatted, escaped references with DOI links.

    Each reference's record note (what was confirmed, on which copy) is in its
    "Source details" disclosure.

    Examples
    --------
    >>> import re
    >>> from glutelab.data import load_references
    >>> html = references_html(["grays1918", "ekstrom2007"], load_references())
    >>> html.startswith("<ol><li>Henry Gray (1918)"), html.count("<li>")
    (True, 2)
    >>> re.findall(r'<a href="([^"]+)"', html)  # the DOI, as a link
    ['https://doi.org/10.2519/jospt.2007.2471']
    >>> references_html([], load_references())
    ''
    """
    items = [f"<li>{reference_item_html(ident, references)}</li>" for ident in ids]
    return "<ol>" + "".join(items) + "</ol>" if items else ""


PREFETCH_MAX = 32
"""States one :meth:`ChartView.prefetch` call renders at most (the cache keeps 64)."""
BACKGROUND_DELAY_S = 0.1
"""Seconds background work waits after it is asked for (:func:`in_background`,
:meth:`ChartView.prefetch`): by then the update that asked for it has left the kernel, so
the two do not compete for the interpreter while the learner waits."""

Prefetched = Chart | tuple[Chart, bytes]
"""What a state's ``build`` gives :meth:`ChartView.prefetch`: a chart, or a chart and its PNG."""

_STOPPING = threading.Event()
"""Set when the interpreter exits: background rendering stops after the chart in hand."""


def _stop_prefetching() -> None:
    # A thread still drawing while the interpreter shuts down can abort it (Agg is C++).
    _STOPPING.set()
    for worker in list(_WORKERS):
        worker.join(timeout=10)


_WORKERS: weakref.WeakSet[threading.Thread] = weakref.WeakSet()
atexit.register(_stop_prefetching)

PREFETCH: bool | None = None
"""Whether explorers render likely next states in the background (:meth:`ChartView.prefetch`):
``None`` (the default) follows the environment variable ``GLUTELAB_PREFETCH`` (``0`` off,
``1`` on) and otherwise does so in a Jupyter kernel, where a learner reads between changes,
and not in a plain Python process (scripts, unit tests); ``True`` / ``False`` force it. A hub
short of CPU for many learners can turn it off with ``GLUTELAB_PREFETCH=0``."""


def prefetching() -> bool:
    """Whether explorers should pre-render likely next states now (see :data:`PREFETCH`).

    >>> prefetching()  # a doctest runs outside a kernel
    False
    """
    if PREFETCH is not None:
        return PREFETCH
    setting = os.environ.get("GLUTELAB_PREFETCH", "").strip()
    if setting in ("0", "1"):
        return setting == "1"
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


_SETTLED = threading.Event()
"""Set once the objects alive at the first explorer have been frozen (:func:`settled`)."""
View = TypeVar("View")


def settled(view: View) -> View:
    """``view``, after (the first time in a process) freezing the objects alive now.

    A kernel holds hundreds of thousands of long-lived objects (modules, data tables, fonts,
    widgets) by the time a learner opens an explorer. Python's cycle collector walks all of
    them in each full collection, which a few redraws' garbage sets off: a pause of about
    100 ms in the middle of an update. The first call collects what is garbage, then
    :func:`gc.freeze` moves what survives out of the collector's sight (it stays alive, and
    is freed as usual by reference counting); later objects are collected as before.

    >>> settled("the view") == "the view"
    True
    >>> gc.get_freeze_count() > 0
    True
    """
    if not _SETTLED.is_set():
        _SETTLED.set()
        gc.collect()
        gc.freeze()
    return view


def in_background(work: Callable[[], object]) -> threading.Thread | None:
    """Run ``work`` in a daemon thread when explorers work ahead (:func:`prefetching`).

    For computations a likely next state needs (no drawing: a figure belongs to one
    thread). An error in ``work`` is left for the state that needs it to meet. The thread
    is joined when the interpreter exits. Returns the thread, or ``None`` when nothing was
    started.

    >>> in_background(lambda: None) is None  # a doctest runs outside a kernel
    True
    """
    if not prefetching():
        return None

    def run() -> None:
        _STOPPING.wait(BACKGROUND_DELAY_S)
        # an error is met again by the state that needs the result, and reported there
        with contextlib.suppress(Exception):
            work()

    worker = _worker(run)
    worker.start()
    return worker


def _worker(target: Callable[[], None]) -> threading.Thread:
    """A daemon thread for ``target``, joined when the interpreter exits (not started)."""
    worker = threading.Thread(target=target, daemon=True)
    _WORKERS.add(worker)
    return worker


class Markup(Protocol):
    """A chart the browser draws: its HTML (alt text included) and what it drew."""

    html: str
    data: dict[str, Any]


Shown = tuple[str, dict[str, Any]]
"""One rendering: the HTML of the chart and what it drew (``Chart.data``)."""


class Renderings:
    """Charts already rendered, by state, the most recently used last.

    Each :class:`ChartView` has its own unless it is given one. Explorers whose chart
    depends only on the state and the data files (anatomy, scenario, myth) share one per
    explorer (:meth:`shared`) and key it with :func:`glutelab.data.data_stamp`, so that a
    re-run cell shows the states any earlier copy of the explorer drew, or drew ahead, at
    once, and an edited table is drawn afresh.

    >>> Renderings.shared("doctest") is Renderings.shared("doctest")
    True
    """

    _SHARED: ClassVar[dict[str, Renderings]] = {}

    def __init__(self) -> None:
        self.cache: OrderedDict[Hashable, Shown] = OrderedDict()
        self.lock = threading.Lock()
        """Guards the cache and ``pending`` between the kernel's thread and the prefetchers."""
        self.pending: dict[Hashable, threading.Event] = {}
        """Keys a prefetcher is rendering now: set when the rendering is in the cache."""

    @classmethod
    def shared(cls, name: str) -> Renderings:
        """The renderings every explorer called ``name`` in this process shares."""
        if name not in cls._SHARED:
            cls._SHARED[name] = cls()
        return cls._SHARED[name]

    @staticmethod
    def key(state: Hashable, inputs: Hashable = None) -> Hashable:
        """The key of a shared rendering: ``state`` with what the chart was drawn from,
        ``inputs`` (e.g. a :func:`fingerprint` of the explorer's tables), by default the
        data files' stamp (:func:`glutelab.data.data_stamp`)."""
        return (state, data_stamp() if inputs is None else inputs)


def fingerprint(*inputs: object) -> str:
    """A digest of what an explorer draws from (tables, settings), for :meth:`Renderings.key`.

    >>> table = pd.DataFrame({"pct_mvic": [30.0]})
    >>> fingerprint(table) == fingerprint(table.copy())
    True
    >>> fingerprint(table) == fingerprint(table.assign(pct_mvic=31.0))
    False
    """
    return hashlib.blake2b(pickle.dumps(inputs, protocol=5), digest_size=16).hexdigest()


def clear_renderings() -> None:
    """Forget every shared rendering (e.g. for a test that must draw every state itself).

    >>> clear_renderings()
    """
    for renderings in list(Renderings._SHARED.values()):
        with renderings.lock:
            renderings.cache.clear()


class ChartView(w.HTML):  # type: ignore[misc]
    """An HTML widget that shows one chart at a time, replaced in place.

    The ``<img>`` carries the chart's alt text; the source line is part of the image.
    """

    def __init__(self, renderings: Renderings | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.renderings = Renderings() if renderings is None else renderings
        """Where :meth:`show_cached` and :meth:`prefetch` keep what they rendered."""
        self._cache = self.renderings.cache
        self._lock = self.renderings.lock
        self._pending = self.renderings.pending
        self.data: dict[str, Any] = {}
        """What the shown chart drew (``Chart.data``), for tests and screen-reader tables."""
        self._queue: Iterator[tuple[Hashable, Callable[[], Prefetched]]] = iter(())
        self._worker: threading.Thread | None = None

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
        self,
        key: Hashable,
        build: Callable[[], Chart],
        *,
        keep: bool = False,
        size: int = 64,
        png: Callable[[], bytes] | None = None,
    ) -> None:
        """Show the chart for ``key``, drawing it with ``build`` only the first time.

        Learners flip back and forth between a few states; rendering a PNG is the slow
        part of an update, so the last ``size`` renderings are kept. A state that
        :meth:`prefetch` is rendering right now is awaited rather than drawn twice. ``png``
        renders the built chart when it has a quicker way than :meth:`Chart.png` (e.g.
        :class:`glutelab.style.Layers`).
        """
        with self._lock:
            pending = self._pending.get(key)
        if pending is not None:
            pending.wait()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
        if hit is not None:
            self.value, self.data = hit
            return
        chart = build()
        data = dict(chart.data)
        self.show(chart, keep=keep, png=None if png is None else png())
        self.data = data
        self._store(key, (self.value, data), size)

    def show_markup(self, key: Hashable, build: Callable[[], Markup], *, size: int = 64) -> None:
        """Show a chart the browser draws (HTML, e.g. :mod:`glutelab.html_charts`) for
        ``key``, built by ``build`` only the first time (kept as :meth:`show_cached` keeps
        its renderings)."""
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
        if hit is None:
            chart = build()
            hit = (chart.html, dict(chart.data))
            self._store(key, hit, size)
        self.value, self.data = hit

    def _store(self, key: Hashable, shown: Shown, size: int = 64) -> None:
        with self._lock:
            self._cache[key] = shown
            self._cache.move_to_end(key)
            while len(self._cache) > size:
                self._cache.popitem(last=False)

    def prefetch(self, states: Iterable[tuple[Hashable, Callable[[], Prefetched]]]) -> None:
        """Render these states in a background thread, so that a first visit finds them ready.

        ``states`` are (key, build) pairs, the likeliest next state first, read lazily in
        the background thread (a generator may compute each key there); each ``build`` must
        draw into a figure of its own (nothing shared with the shown chart), which is left
        as it is (a figure redrawn in place is kept for the next state), and returns the
        chart, or the chart and its PNG when it renders it itself (as
        :class:`glutelab.style.Layers` does). A new call replaces
        the states still waiting. At most :data:`PREFETCH_MAX` renderings are added to the
        cache per call, so that the recent states are not evicted.
        """
        with self._lock:
            self._queue = itertools.islice(iter(states), PREFETCH_MAX)
            if self._worker is not None:
                return
            self._worker = worker = _worker(self._prefetch_all)
        worker.start()

    def _prefetch_all(self) -> None:
        waited_for = None  # the queue last waited for (BACKGROUND_DELAY_S)
        while True:
            with self._lock:
                if _STOPPING.is_set():
                    self._worker = None
                    return
                queue = self._queue
            if queue is not waited_for:  # newly asked for: let that update leave first
                _STOPPING.wait(BACKGROUND_DELAY_S)
                waited_for = queue
                continue
            try:
                key, build = next(queue)  # computed outside the lock (a generator may be slow)
            except StopIteration:
                with self._lock:
                    if self._queue is queue:  # nothing new was asked for meanwhile
                        self._worker = None
                        return
                continue
            except Exception:  # a state that cannot be named is drawn on demand (and fails there)
                continue
            with self._lock:
                if self._queue is not queue or key in self._cache or key in self._pending:
                    continue
                done = self._pending[key] = threading.Event()
            try:
                built = build()
                chart, png = built if isinstance(built, tuple) else (built, None)
                self._store(key, (chart.html(png), dict(chart.data)))
            except Exception:  # a state that cannot be drawn is drawn on demand (and fails there)
                pass
            finally:
                with self._lock:
                    del self._pending[key]
                done.set()

    def wait_prefetched(self, timeout: float | None = None) -> bool:
        """Wait until the background rendering is done (for tests); False on timeout."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)
            return not worker.is_alive()
        return True


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
