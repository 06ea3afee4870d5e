"""The structure the maintainers asked for: one composition root nothing imports back, typed window boundaries."""
from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "desktop_app"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_an_import_linter_contract_keeps_the_window_from_importing_the_composition_root():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    forbidding = [c for c in contracts if c["type"] == "forbidden" and "desktop_app.app" in c["forbidden_modules"]]
    sources = {s for c in forbidding for s in c["source_modules"]}
    assert {"desktop_app.ui", "desktop_app.cli", "desktop_app.cli_commands", "desktop_app.services"} <= sources


def test_the_contracts_are_kept():
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout


def test_nothing_imports_app_back():
    offenders = [str(p.relative_to(ROOT)) for p in APP.rglob("*.py")
                 if p.name not in ("app.py", "__main__.py") and any(
                     name == "desktop_app.app" or name.startswith("desktop_app.app.") for name in _imports(p))]
    assert offenders == []


def _any_in_signatures(path: Path) -> list[str]:
    """Functions and methods of `path` whose parameters or return mention typing.Any."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args
            annotations = [a.annotation for a in [*args.posonlyargs, *args.args, *args.kwonlyargs,
                                                  *filter(None, [args.vararg, args.kwarg])]] + [node.returns]
            text = " ".join(ast.unparse(a) for a in annotations if a is not None)
            if "Any" in text.replace("'", " ").replace('"', " ").split() or "Any]" in text or "[Any" in text \
                    or "Any |" in text or "| Any" in text:
                found.append(f"{path.name}:{node.lineno} {node.name}")
    return found


def test_operations_and_pages_have_no_any_in_their_signatures():
    files = [*sorted((APP / "ui" / "operations").glob("*.py")), *sorted((APP / "ui" / "pages").glob("*.py"))]
    assert len(files) > 10
    offenders = [hit for path in files for hit in _any_in_signatures(path)]
    assert offenders == []
    imported = [p.name for p in files if "typing.Any" in _imports(p)]
    assert imported == []


def test_the_window_uses_any_less_than_before():
    """Was about 180 in desktop_app/ui; typed boundaries brought it to none. It must not creep back."""
    count = sum(len([line for line in p.read_text(encoding="utf-8").splitlines()
                     if "Any" in line
                     and any(tok in line for tok in ("Any]", "[Any", "Any |", "| Any", ": Any", "-> Any",
                                                     "import Any", ", Any"))])
                for p in (APP / "ui").rglob("*.py"))
    assert count <= 5, count
