"""Sphinx settings of the course website (``make site``; sources staged by ``book.sources``).

Everything the pages load is served from the site itself: no web fonts, no MathJax, no
require.js or widget manager from a CDN (the explorers are drawn from their saved state by
``book.sphinx_ext``).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from book.links import load_links  # noqa: E402

LINKS = load_links()

project = "glutelab"
author = "glutelab contributors"
copyright = "glutelab contributors; text CC-BY-4.0, code MIT"
language = "en"
root_doc = "index"

extensions = ["myst_nb", "book.sphinx_ext"]
exclude_patterns = ["_build", "**.ipynb_checkpoints", "jupyter_execute"]

# --- notebooks: run at build time, results kept in a cache keyed by the notebook's code ---
nb_execution_mode = "cache"
nb_execution_cache_path = str(ROOT / "build" / "jupyter_cache")
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_in_temp = False
nb_merge_streams = True
nb_ipywidgets_js: dict[str, dict[str, str]] = {}  # no widget manager from a CDN
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
suppress_warnings = ["mystnb.unknown_mime_type"]

# --- theme: sphinx-book-theme, with nothing fetched from other hosts ---
html_theme = "sphinx_book_theme"
html_title = "glutelab: the gluteal muscles, the myths and the evidence"
html_static_path = ["static"]
templates_path = ["templates"]
html_favicon = "static/favicon.svg"
html_context = {"default_mode": "light"}
html_css_files = ["glutelab-site.css"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "repository_url": LINKS.repository_url,
    "repository_branch": LINKS.branch,
    "use_repository_button": True,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "home_page_in_toc": False,
    "show_navbar_depth": 1,
    "logo": {"text": "glutelab"},
}
# The course has no mathematics: Sphinx adds MathJax only to a page with an equation, and
# then from this local name (a missing file, which the browser tests would report), never a CDN.
mathjax_path = "mathjax-not-bundled.js"
