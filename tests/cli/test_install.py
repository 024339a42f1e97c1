"""Installed like any Python tool: the wheel, in a new virtual environment outside the
checkout, run from another folder, finds its scenarios, its styles and its pages.

This is what `pipx install` does (a venv of its own, the wheel unpacked into it), without
needing pipx. The dependencies come from the package index, or pip's cache.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(p.stem for p in (ROOT / "triops" / "scenarios").glob("*.toml"))

# A headless start of the installed player app: the stylesheet it loaded must be the
# installed player.tcss, not a file of the checkout.
HEADLESS = textwrap.dedent("""
    import asyncio, sys
    from pathlib import Path
    from triops.client.player.app import PlayerApp

    async def main() -> None:
        app = PlayerApp()
        async with app.run_test() as pilot:
            await pilot.pause()
            sheets = [Path(str(key[0] if isinstance(key, tuple) else key))
                      for key in app.stylesheet.source]
            mine = [p for p in sheets if p.name == "player.tcss"]
            print("screen", type(app.screen).__name__)
            print("styles", *mine)
            assert mine and all(p.is_file() for p in mine), sheets

    asyncio.run(main())
""")


def run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, text=True, capture_output=True, timeout=600)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_the_wheel_installed_elsewhere_runs_every_command(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    # Built from a copy, as pip builds a project in place (a build/ folder in the checkout).
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "tests"))
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
         str(tmp_path / "dist"), str(source)], elsewhere, env)
    [wheel] = (tmp_path / "dist").glob("triops-*.whl")
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], elsewhere, env)
    python, triops = venv / "bin" / "python", venv / "bin" / "triops"
    run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], elsewhere, env)

    # The code imported is the installed copy, under the one triops name.
    where = run([str(python), "-c", "import triops.game, triops.server, triops.client; "
                 "print(triops.game.__file__)"], elsewhere, env)
    assert str(venv) in where and str(ROOT) not in where
    for generic in ("game", "server", "client"):
        found = run([str(python), "-c", f"import importlib.util as u; "
                     f"print(u.find_spec('{generic}') is None)"], elsewhere, env)
        assert found.strip() == "True", f"the wheel installed a top-level '{generic}'"

    # Every shipped scenario, and one of the facilitator's own from the per-user folder.
    shipped = run([str(python), "-c", "from triops.scenarios import SCENARIO_DIR; "
                   "print(SCENARIO_DIR / 'finance-novice.toml')"], elsewhere, env).strip()
    mine = tmp_path / "data" / "triops" / "scenarios"
    mine.mkdir(parents=True)
    text = Path(shipped).read_text(encoding="utf-8")
    assert 'id = "finance-novice"' in text
    (mine / "my-bank.toml").write_text(text.replace('id = "finance-novice"', 'id = "my-bank"'),
                                       encoding="utf-8")
    listing = run([str(triops), "scenario", "list"], elsewhere, env)
    listed = [line.split()[0] for line in listing.splitlines() if line and line[0] != " "]
    assert set(SHIPPED) | {"my-bank"} <= set(listed), listing
    assert str(mine) in listing

    # validate on a scenario copied out of the package
    copy = elsewhere / "copy.toml"
    copy.write_text(text, encoding="utf-8")
    assert "ok" in run([str(triops), "scenario", "validate", str(copy)], elsewhere, env).lower()

    # the reports, from a bots-only game on a shipped scenario
    run([str(triops), "report", "--demo", "--out", str(elsewhere / "report")], elsewhere, env)
    written = {p.name for p in (elsewhere / "report").rglob("*") if p.is_file()}
    assert {"game.html", "game.md", "game.json"} <= written, written

    # the web pages' templates and the player's styles are in the install
    pages = run([str(python), "-c", "from triops.client.web.server import TEMPLATES; "
                 "print(TEMPLATES, sorted(p.name for p in TEMPLATES.iterdir()))"],
                elsewhere, env)
    assert str(venv) in pages and "home.html" in pages
    started = run([str(python), "-c", HEADLESS], elsewhere, env)
    assert "screen JoinScreen" in started and str(venv) in started, started
