"""The layers the README draws, held against the code's own imports.

The engine (`triops.game`) is pure: it imports only the standard library and itself, so it
runs anywhere, replays exactly and is tested without a server. The apps render what the
server sends: they import the engine's types and helpers, the wire protocol and the reports
(which stand on the engine alone), never the server, the scenario files, the balance tools or
the command line (solo's embedded server is built by `triops solo`, in the command line)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "triops"


def imports(path: Path) -> set[str]:
    """Every module name `path` imports, relative imports made absolute."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            found.add(".".join(p for p in (base, node.module or "") if p))
    return found


def modules(sub: str) -> list[Path]:
    return sorted((PACKAGE / sub).rglob("*.py"))


@pytest.mark.parametrize("path", modules("game"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_engine_imports_only_the_standard_library_and_itself(path: Path) -> None:
    outside = {name for name in imports(path)
               if name.split(".")[0] not in sys.stdlib_module_names
               and not (name == "triops.game" or name.startswith("triops.game."))}
    assert not outside, f"{path.relative_to(PACKAGE)} imports {sorted(outside)}"


# What the apps may import besides the standard library and third-party packages.
APPS_MAY_USE = ("triops.client", "triops.game", "triops.protocol", "triops.paths",
                "triops.report")


def _ours(name: str) -> bool:
    return name == "triops" or name.startswith("triops.")


def test_the_apps_import_no_server_no_scenario_files_no_command_line() -> None:
    crossing = [f"{p.relative_to(PACKAGE)} -> {name}" for p in modules("client")
                for name in imports(p)
                if _ours(name) and not any(name == a or name.startswith(a + ".")
                                           for a in APPS_MAY_USE)]
    assert not crossing, crossing


def test_the_server_does_not_import_the_apps() -> None:
    crossing = [f"{p.relative_to(PACKAGE)} -> {name}" for p in modules("server")
                for name in imports(p) if name.startswith("triops.client")]
    assert not crossing, crossing


def test_the_reports_stand_on_the_engine_alone() -> None:
    crossing = [f"{p.relative_to(PACKAGE)} -> {name}" for p in modules("report")
                for name in imports(p) if _ours(name)
                and not name.startswith(("triops.game", "triops.report"))]
    assert not crossing, crossing


def test_the_check_sees_imports() -> None:
    """The walk above would pass on an empty list: it must find the engine's own imports."""
    assert "triops.game.model.state" in imports(PACKAGE / "game" / "rules" / "reducer.py")
    assert len(modules("game")) > 30
