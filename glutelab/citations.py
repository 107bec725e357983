"""Format CSL-JSON references for reading in a notebook.

The course cites in a short author-year style and links DOIs. Missing
details are left out rather than invented; :func:`unconfirmed_fields` lists
what the curators could not confirm, so a notebook can say so.

>>> item = {"id": "x", "type": "article-journal", "title": "A title",
...         "author": [{"family": "Neumann", "given": "Donald A"}],
...         "container-title": "J Orthop Sports Phys Ther", "issued": {"date-parts": [[2010]]},
...         "volume": "40", "issue": "2", "page": "82-94", "DOI": "10.2519/jospt.2010.3025",
...         "note": "all confirmed"}
>>> format_reference(item)
'Neumann DA (2010). A title. J Orthop Sports Phys Ther 40(2):82-94. https://doi.org/10.2519/jospt.2010.3025'
>>> short_citation(item)
'Neumann 2010'
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

__all__ = ["doi_url", "format_reference", "reference_html", "short_citation"]

CslItem = Mapping[str, Any]


def _initials(given: str) -> str:
    return "".join(part[0] for part in given.replace("-", " ").split() if part)


def _authors(item: CslItem, *, limit: int = 6) -> str:
    names = [
        a.get("literal") or f"{a['family']} {_initials(a.get('given', ''))}".strip()
        for a in item.get("author", [])
    ]
    if len(names) > limit:
        names = [*names[:limit], "et al."]
    return ", ".join(names) if names else "[authors unknown]"


def _year(item: CslItem) -> str:
    parts = item.get("issued", {}).get("date-parts", [[]])
    return str(parts[0][0]) if parts and parts[0] else "n.d."


def doi_url(doi: str) -> str:
    """The resolver address of a DOI.

    >>> doi_url("10.2519/jospt.2010.3025")
    'https://doi.org/10.2519/jospt.2010.3025'
    """
    return f"https://doi.org/{doi}"


def short_citation(item: CslItem) -> str:
    """Author-year label: 'Neumann 2010', 'Hodges & Richardson 1996', 'Distefano et al. 2009'."""
    families = [a.get("family") or a.get("literal", "") for a in item.get("author", [])]
    if not families:
        head = "[authors unknown]"
    elif len(families) == 1:
        head = families[0]
    elif len(families) == 2:
        head = f"{families[0]} & {families[1]}"
    else:
        head = f"{families[0]} et al."
    return f"{head} {_year(item)}"


def _source(item: CslItem) -> str:
    source = str(item.get("container-title", ""))
    volume, issue, page = item.get("volume"), item.get("issue"), item.get("page")
    if volume:
        source += f" {volume}"
        if issue:
            source += f"({issue})"
    if page:
        source += f":{page}" if volume else f" {page}"
    return source.strip()


def format_reference(item: CslItem) -> str:
    """One-line plain-text reference: authors (year). title. source. DOI link."""
    parts = [f"{_authors(item)} ({_year(item)}).", item["title"].rstrip(".") + "."]
    source = _source(item)
    if source:
        parts.append(source + ".")
    if item.get("DOI"):
        parts.append(doi_url(item["DOI"]))
    elif item.get("PMID"):
        parts.append(f"PMID {item['PMID']}")
    return " ".join(parts)


def reference_html(item: CslItem) -> str:
    """The reference as escaped HTML with the DOI (or URL) as a link.

    >>> reference_html({"id": "x", "type": "article-journal", "title": "<b>T</b>", "note": "n"})
    '[authors unknown] (n.d.). &lt;b&gt;T&lt;/b&gt;.'
    """
    text = f"{_authors(item)} ({_year(item)}). {item['title'].rstrip('.')}."
    source = _source(item)
    out = html.escape(text) + (f" <i>{html.escape(source)}</i>." if source else "")
    if item.get("DOI"):
        url = doi_url(item["DOI"])
        out += " " + _link(url, url)
    elif item.get("PMID"):
        out += " " + _link(
            f"https://pubmed.ncbi.nlm.nih.gov/{item['PMID']}/", f"PMID {item['PMID']}"
        )
    return out


def _link(url: str, text: str) -> str:
    """An escaped link that opens in a new tab."""
    return f'<a href="{html.escape(url)}" target="_blank" rel="noopener">{html.escape(text)}</a>'
