"""Count glutelab's public functions that no docstring example uses.

A public function is a function (not a class) named in a module's ``__all__``. It counts as having
an example when its name is called in a ``>>>`` (or ``...``) line of any docstring in the
package, since a module docstring often shows several functions working together.

    python tools/doc_examples.py          # the count, then the names without an example
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "glutelab"


def _docstrings(tree: ast.Module) -> list[str]:
    nodes = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef))]
    return [doc for node in nodes if (doc := ast.get_docstring(node, clean=False))]


def _public(tree: ast.Module) -> list[str]:
    """Names in ``__all__`` that the module defines as functions."""
    defined = {
        node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            try:
                names = ast.literal_eval(node.value)
            except ValueError:  # built from another table (glutelab/__init__.py re-exports)
                return []
            return [name for name in names if name in defined]
    return []


def without_examples(package: Path = PACKAGE) -> dict[str, list[str]]:
    """Module name -> its public functions that no docstring example calls."""
    example_lines: list[str] = []
    public: dict[str, list[str]] = {}
    for path in sorted(package.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        public[path.stem] = _public(tree)
        for doc in _docstrings(tree):
            example_lines += [
                line.strip()[4:]
                for line in doc.splitlines()
                if line.strip().startswith((">>> ", "... "))
            ]
    examples = "\n".join(example_lines)
    missing = {
        module: [name for name in names if not re.search(rf"\b{name}\s*\(", examples)]
        for module, names in public.items()
    }
    return {module: names for module, names in missing.items() if names}


def main() -> int:
    missing = without_examples()
    total = sum(len(names) for names in missing.values())
    print(f"public functions without a docstring example: {total}")
    for module, names in missing.items():
        print(f"  {module}: {', '.join(names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
