"""Where the course lives online, and the launch links built from it.

The repository, the Binder and the JupyterHub addresses are read from one place,
``[tool.glutelab]`` in ``pyproject.toml``; the website's launch links, and the README's Binder
badge and nbgitpuller example (checked by ``tests/test_site.py``), all use them.

>>> links = Links("https://github.com/glutelab/glutelab", "main", "HEAD",
...               "https://mybinder.org", "https://hub.example.org")
>>> links.binder("notebooks/01_anatomy.ipynb")
'https://mybinder.org/v2/gh/glutelab/glutelab/HEAD?urlpath=lab%2Ftree%2Fnotebooks%2F01_anatomy.ipynb'
>>> links.binder_app("apps/myths.ipynb")
'https://mybinder.org/v2/gh/glutelab/glutelab/HEAD?urlpath=voila%2Frender%2Fapps%2Fmyths.ipynb'
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
HUB_ENV = "GLUTELAB_HUB_URL"
"""An environment variable that overrides ``jupyterhub_url`` (``make site HUB_URL=...``)."""


@dataclass(frozen=True)
class Links:
    """The repository and the services that run it; every launch link is built here."""

    repository_url: str
    branch: str
    binder_ref: str
    binderhub_url: str
    jupyterhub_url: str

    @property
    def github_slug(self) -> str:
        """``owner/name`` of a GitHub repository URL.

        >>> Links("https://github.com/a/b", "main", "HEAD", "", "").github_slug
        'a/b'
        """
        parsed = urlparse(self.repository_url)
        if parsed.netloc != "github.com":
            raise ValueError(f"repository_url: not a GitHub address: {self.repository_url!r}")
        return parsed.path.strip("/").removesuffix(".git")

    @property
    def clone_folder(self) -> str:
        """The folder nbgitpuller clones into (the repository's name)."""
        return self.github_slug.split("/")[-1]

    def binder(self, path: str) -> str:
        """Binder: JupyterLab opened on ``path`` (relative to the repository root)."""
        return self._binder("lab/tree/" + path)

    def binder_app(self, path: str) -> str:
        """Binder: the app notebook ``path`` served by Voilà (no code, only the explorer)."""
        return self._binder("voila/render/" + path)

    def _binder(self, urlpath: str) -> str:
        base = f"{self.binderhub_url.rstrip('/')}/v2/gh/{self.github_slug}/{self.binder_ref}"
        return f"{base}?urlpath={quote(urlpath, safe='')}"

    def hub(self, path: str) -> str:
        """A JupyterHub via nbgitpuller: clone (or update) the repository, open ``path``."""
        return self._hub(f"lab/tree/{self.clone_folder}/{path}")

    def hub_app(self, path: str) -> str:
        """A JupyterHub via nbgitpuller: the app notebook ``path`` served by Voilà."""
        return self._hub(f"voila/render/{self.clone_folder}/{path}")

    def _hub(self, urlpath: str) -> str:
        query = urlencode(
            {"repo": self.repository_url, "branch": self.branch, "urlpath": urlpath},
            quote_via=quote,
            safe="",
        )
        return f"{self.jupyterhub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"

    def source(self, path: str) -> str:
        """The file on the repository's web page."""
        return f"{self.repository_url.rstrip('/')}/blob/{self.branch}/{path}"


def load_links(pyproject: Path = PYPROJECT) -> Links:
    """The ``[tool.glutelab]`` settings of ``pyproject.toml``; ``GLUTELAB_HUB_URL`` sets the hub."""
    table = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["glutelab"]
    names = ("repository_url", "branch", "binder_ref", "binderhub_url", "jupyterhub_url")
    missing = [name for name in names if not isinstance(table.get(name), str)]
    if missing:
        raise ValueError(f"{pyproject}: [tool.glutelab] needs {', '.join(missing)}")
    values = {name: str(table[name]) for name in names}
    values["jupyterhub_url"] = os.environ.get(HUB_ENV) or values["jupyterhub_url"]
    return Links(**values)
