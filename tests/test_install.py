"""A non-editable install into a read-only site-packages works, and writes nothing there.

The wheel is built from a copy of the project (never in the working tree), installed with
``pip install --target`` into a temporary folder, and that folder is made read-only: file modes
without write permission, and, when the tests run as root (CI), the check runs as the
unprivileged ``nobody`` user so the modes are enforced. The check imports glutelab from there,
from a folder outside the repository, loads every table, draws a chart and builds every
explorer; afterwards no file under the install may be new or changed.

Nothing the check needs is read from the checkout, so it does not matter where the clone lives
or who may enter it (a clone by root inside a mode-700 folder works): the dependencies it
imports are copied from the project's virtual environment into the same world-readable
temporary folder (mode 755), and the check runs on the base interpreter the environment was
made from, with only those two folders on its path.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ["pyproject.toml", "README.md", "LICENSE", "LICENSE-CC-BY-4.0.txt"]
PROJECT_DIRS = ["glutelab", "data"]

CHECK = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    site = Path(sys.argv[1]).resolve()
    import glutelab
    from glutelab.data import data_dir

    assert Path(glutelab.__file__).resolve().is_relative_to(site), glutelab.__file__
    assert data_dir() == site / "glutelab" / "_data", data_dir()
    tables = {
        name: getattr(glutelab, name)()
        for name in (
            "load_emg", "load_studies", "load_exercises", "load_anatomy", "load_gta_index",
            "load_activation_bands", "load_citation_audit", "load_references", "load_myths",
        )
    }
    print("rows", {name: len(table) for name, table in tables.items()})
    print("quizzes", len(glutelab.load_quizzes()))
    print("match", glutelab.match_phrase("my glutes don't fire")[0].myth_id)
    chart = glutelab.plots.ranked_chart(tables["load_emg"].head(8))
    assert chart.png()[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    for make in (
        glutelab.anatomy_explorer, glutelab.scenario_explorer, glutelab.myth_explorer,
        glutelab.exercise_explorer, glutelab.emg_pipeline_explorer,
        glutelab.citation_audit_explorer, glutelab.hip_mechanics_explorer,
    ):
        make()
    print("explorers ok")
    """
)


# Run once as the current user while building the fixture: which files the check imports.
DISCOVER = (
    CHECK
    + """
import json
files = {getattr(m, "__file__", None) for m in list(sys.modules.values())}
print("MODULES " + json.dumps(sorted(f for f in files if f)))
"""
)
BASE_PYTHON = str(Path(getattr(sys, "_base_executable", sys.executable)).resolve())
"""The interpreter the virtual environment was made from (outside the checkout)."""
AS_NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def _env(home: Path, path: list[Path]) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "PYTHONPATH": os.pathsep.join(str(p) for p in path),
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": str(home / "mpl"),
    }


def _copy_dependencies(site: Path, target: Path) -> None:
    """Copy every distribution the check imports from this environment into ``target``.

    Whole top-level packages are copied (so modules they import lazily come along), with the
    ``*.libs`` folders of bundled shared libraries and every ``*.dist-info`` (metadata that some
    packages read), all made world-readable.
    """
    home = Path(tempfile.mkdtemp(prefix="glutelab-discover-"))
    try:
        env = _env(home, [site]) | {"PYTHONDONTWRITEBYTECODE": "1"}
        result = subprocess.run(
            [sys.executable, "-c", DISCOVER, str(site)],
            cwd=home,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("MODULES "))
    files = [Path(f) for f in json.loads(line.removeprefix("MODULES "))]
    target.mkdir()
    for lib in {Path(sysconfig.get_paths()[k]) for k in ("purelib", "platlib")}:
        names = {f.relative_to(lib).parts[0] for f in files if f.is_relative_to(lib)}
        names -= {"glutelab", "__editable__"}
        names |= {p.name for p in lib.glob("*.libs")} | {p.name for p in lib.glob("*.dist-info")}
        for name in sorted(names):
            source, copy = lib / name, target / name
            if copy.exists() or name.startswith("__editable__"):
                continue
            if source.is_dir():
                shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, copy)
    for path in [target, *target.rglob("*")]:  # readable (and folders enterable) by anyone
        mode = path.stat().st_mode | 0o444
        if path.is_dir() or mode & 0o100:
            mode |= 0o111
        path.chmod(mode)


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and modification time."""
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in folder.rglob("*")
        if path.is_file()
    }


def _set_writable(folder: Path, writable: bool) -> None:
    """Add or remove every write permission under ``folder`` (folder included)."""
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode
        write = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
        path.chmod((mode | stat.S_IWUSR) if writable else (mode & ~write))


@pytest.fixture(scope="module")
def read_only_site() -> Iterator[Path]:
    """glutelab installed from a freshly built wheel into a read-only folder."""
    work = Path(tempfile.mkdtemp(prefix="glutelab-install-"))
    work.chmod(0o755)  # the unprivileged user must reach the install
    try:
        source = work / "source"
        source.mkdir()
        for name in PROJECT_FILES:
            shutil.copy2(ROOT / name, source / name)
        for name in PROJECT_DIRS:
            shutil.copytree(
                ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
        build = ["wheel", "--quiet", "--no-deps", "--no-build-isolation"]
        subprocess.run(
            [*pip, *build, str(source), "--wheel-dir", str(work / "wheel")],
            check=True,
            cwd=work,
        )
        (wheel,) = (work / "wheel").glob("glutelab-*.whl")
        site = work / "site"
        subprocess.run(
            [*pip, "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
            check=True,
            cwd=work,
        )
        _copy_dependencies(site, work / "deps")
        _set_writable(site, False)
        yield site
    finally:
        if (work / "site").exists():
            _set_writable(work / "site", True)
        shutil.rmtree(work, ignore_errors=True)


def _run_check(site: Path) -> subprocess.CompletedProcess[str]:
    """Run CHECK with only the read-only install and the copied dependencies importable.

    The base interpreter runs without its own site-packages (``-S``): nothing comes from the
    checkout or from packages installed elsewhere.
    """
    home = Path(tempfile.mkdtemp(prefix="glutelab-home-"))
    home.chmod(0o777)  # matplotlib's and IPython's caches go here, never next to the code
    env = _env(home, [site, site.parent / "deps"])
    command = [BASE_PYTHON, "-S", "-c", CHECK, str(site)]
    if os.geteuid() == 0:  # root ignores file modes: drop to an unprivileged user
        command = [*AS_NOBODY, *command]
    try:
        return subprocess.run(
            command, cwd=home, env=env, capture_output=True, text=True, timeout=300
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_wheel_carries_the_data_inside_the_package(read_only_site: Path) -> None:
    installed = read_only_site / "glutelab" / "_data"
    expected = {p.relative_to(ROOT / "data") for p in (ROOT / "data").rglob("*") if p.is_file()}
    assert {p.relative_to(installed) for p in installed.rglob("*") if p.is_file()} == expected


def test_read_only_install_works_and_writes_nothing(read_only_site: Path) -> None:
    before = _snapshot(read_only_site)
    assert not os.access(read_only_site / "glutelab", os.W_OK) or os.geteuid() == 0
    result = _run_check(read_only_site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "explorers ok" in result.stdout
    assert "match never_fire" in result.stdout
    after = _snapshot(read_only_site)
    assert after == before, sorted(set(after.items()) ^ set(before.items()))


def test_the_check_reads_nothing_from_the_checkout(read_only_site: Path) -> None:
    """Where the clone lives does not matter: the check's path and interpreter are elsewhere."""
    assert not Path(BASE_PYTHON).is_relative_to(ROOT)
    command = [BASE_PYTHON, "-S", "-c", "import sys; print(sys.path)"]
    env = _env(Path("/"), [read_only_site, read_only_site.parent / "deps"])
    shown = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    assert str(ROOT) not in shown, shown


def test_the_check_would_notice_a_write(read_only_site: Path) -> None:
    """The read-only setting is real: the same user cannot create a file in the install."""
    probe = read_only_site / "glutelab" / "probe.txt"
    command = [BASE_PYTHON, "-S", "-c", f"open({str(probe)!r}, 'w')"]
    if os.geteuid() == 0:
        command = [*AS_NOBODY, *command]
    result = subprocess.run(command, capture_output=True, text=True, cwd="/")
    assert result.returncode != 0
    assert "Permission denied" in result.stderr
    assert not probe.exists()
