"""What Binder builds: the Dockerfile repo2docker writes, and the build backend postBuild needs.

Neither test builds an image (that needs Docker, the network and conda-forge): the first reads the
Dockerfile that ``jupyter-repo2docker --no-build --debug`` prints without Docker or network; the
second checks that ``postBuild`` can always find the build backend ``pyproject.toml`` asks for.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from .test_project import CONDA_NAMES

ROOT = Path(__file__).resolve().parent.parent

# --- 1. the Dockerfile repo2docker would build -------------------------------------------


def repo2docker_dockerfile(repo: Path) -> str:
    """What ``jupyter-repo2docker --no-build --debug`` prints for ``repo`` (Docker not needed)."""
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "jupyter-repo2docker"),
            "--no-build",
            "--debug",
            str(repo),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout + result.stderr


def test_repo2docker_picks_the_conda_buildpack_python_311_and_runs_postbuild() -> None:
    dockerfile = repo2docker_dockerfile(ROOT)
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    python = next(d for d in environment["dependencies"] if str(d).startswith("python="))
    version = python.split("=", 1)[1]
    assert version == "3.11"
    # The conda buildpack: its base environment lock for that Python, then environment.yml.
    assert f"Building conda environment for python={version}" in dockerfile
    assert f"buildpacks-2fconda-2fenvironment-2epy-2d{version.replace('.', '-2e')}" in dockerfile
    update = re.search(r'env update -p \$\{NB_PYTHON_PREFIX\} --file "environment.yml"', dockerfile)
    assert update is not None
    # postBuild runs after the environment is built and the repository is copied in.
    copy = dockerfile.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    post_build = dockerfile.index("RUN ./postBuild")
    assert update.start() < copy < post_build
    assert "RUN chmod +x postBuild" in dockerfile


def test_repo2docker_would_not_run_postbuild_without_one(tmp_path: Path) -> None:
    """The check above can fail: a copy without postBuild gets no postBuild step."""
    (tmp_path / "environment.yml").write_bytes((ROOT / "environment.yml").read_bytes())
    dockerfile = repo2docker_dockerfile(tmp_path)
    assert "Building conda environment for python=3.11" in dockerfile
    assert "RUN ./postBuild" not in dockerfile


# --- 2. the build backend postBuild needs -----------------------------------------------


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def disables_build_isolation(post_build: str) -> bool:
    """Whether a ``pip install`` line of ``post_build`` may build without pip's build isolation.

    Setting ``PIP_NO_BUILD_ISOLATION`` to any value counts: pip has read its value inverted.
    """
    for line in post_build.splitlines():
        try:
            words = shlex.split(line, comments=True)
        except ValueError:  # an unclosed quote: judge the bare words
            words = line.split("#", 1)[0].split()
        if "pip" in words and "install" in words and "--no-build-isolation" in words:
            return True
        if any(w.startswith("PIP_NO_BUILD_ISOLATION=") for w in words):
            return True
    return False


def conda_specifier(spec: str) -> tuple[str, SpecifierSet]:
    """An environment.yml entry as (PyPI name, PEP 440 specifier).

    Conda's ``name=1.2`` means 1.2.*; ``name>=1.2,<2`` reads as in PEP 440.
    """
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", spec)
    assert match, spec
    name, bounds = _normalise(match.group(1)), match.group(2).replace(" ", "")
    if re.fullmatch(r"=[^=<>!~]+", bounds):
        bounds = f"=={bounds[1:]}.*"
    return CONDA_NAMES.get(name, name), SpecifierSet(bounds)


def _lowest(specifier: SpecifierSet) -> Version | None:
    """The lowest version a specifier's lower bounds let in, if it has one."""
    lows = [
        Version(s.version.removesuffix(".*"))
        for s in specifier
        if s.operator in {">=", "==", "~=", "==="}
    ]
    return max(lows) if lows else None


def missing_build_requirements(post_build: str, pyproject: dict, environment: dict) -> list[str]:
    """Build requirements postBuild relies on that environment.yml does not provide.

    Empty when postBuild leaves pip's build isolation on (pip then installs
    ``[build-system] requires`` itself). Otherwise every requirement must be listed in
    environment.yml with a lower bound the requirement accepts, and with each of its upper
    bounds, so that any version conda may pick is one the build backend accepts.
    """
    if not disables_build_isolation(post_build):
        return []
    listed = dict(
        conda_specifier(entry) for entry in environment["dependencies"] if isinstance(entry, str)
    )
    problems = []
    for text in pyproject["build-system"]["requires"]:
        requirement = Requirement(text)
        name = _normalise(requirement.name)
        if name not in listed:
            problems.append(f"{text}: not in environment.yml")
            continue
        lowest = _lowest(listed[name])
        if lowest is None or not requirement.specifier.contains(lowest, prereleases=True):
            problems.append(f"{text}: environment.yml has {name}{listed[name]}")
            continue
        uppers = {str(s) for s in requirement.specifier if s.operator in {"<", "<="}}
        if not uppers <= {str(s) for s in listed[name]}:
            problems.append(f"{text}: environment.yml has {name}{listed[name]}")
    return problems


def _binder_files() -> tuple[str, dict, dict]:
    post_build = (ROOT / "postBuild").read_text(encoding="utf-8")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    return post_build, pyproject, environment


def test_postbuild_finds_every_build_requirement() -> None:
    assert missing_build_requirements(*_binder_files()) == []


def test_build_requirement_check_fails_for_each_way_of_missing_the_backend() -> None:
    environment = _binder_files()[2]
    isolated = "python -m pip install --no-deps -e .\n"
    no_isolation = "python -m pip install --no-deps --no-build-isolation -e .\n"
    plain = [d for d in environment["dependencies"] if not str(d).startswith("setuptools")]
    requires = {"build-system": {"requires": ["setuptools>=77"]}}

    def check(script: str, *extra: str) -> list[str]:
        return missing_build_requirements(script, requires, {"dependencies": [*plain, *extra]})

    assert check(isolated) == []
    assert check(no_isolation) == ["setuptools>=77: not in environment.yml"]
    assert check(no_isolation, "setuptools") == ["setuptools>=77: environment.yml has setuptools"]
    assert check(no_isolation, "setuptools>=70") == [
        "setuptools>=77: environment.yml has setuptools>=70"
    ]
    assert check(no_isolation, "setuptools=76") == [
        "setuptools>=77: environment.yml has setuptools==76.*"
    ]
    assert check(no_isolation, "setuptools>=77") == []
    assert check(no_isolation, "setuptools >=80,<90") == []
    assert check("PIP_NO_BUILD_ISOLATION=0 pip install -e .\n") == [
        "setuptools>=77: not in environment.yml"
    ]
    assert check("# pip install --no-build-isolation -e .\n" + isolated) == []
    upper = {"build-system": {"requires": ["setuptools>=77,<90"]}}
    env = {"dependencies": [*plain, "setuptools>=77"]}
    assert missing_build_requirements(no_isolation, upper, env) == [
        "setuptools>=77,<90: environment.yml has setuptools>=77"
    ]
