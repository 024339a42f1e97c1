"""`triops doctor`: what a facilitator needs to know about this machine before a session.

Versions, where games, tokens and reports are kept and whether they can be written, which
scenarios load, whether the server's and the web pages' ports are free, and whether a browser
can reach `triops web` (one already running answers; a free port says who could reach it).
Every line says ok or what is wrong; the exit status is 1 when something would stop a session.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import tempfile
import urllib.error
import urllib.request
from importlib import metadata
from pathlib import Path
from typing import Any

from triops.game.scenario.loader import ScenarioError
from triops.paths import data_dir
from triops.scenarios import read_scenario, scenario_paths

PACKAGES = ("triops", "textual", "websockets", "msgpack", "textual-serve")


def add_parser(sub: Any) -> None:
    p = sub.add_parser("doctor", help="check this machine before a session: versions, where "
                       "files go, scenarios, free ports")
    p.add_argument("--host", default="127.0.0.1", help="the address the server will listen on")
    p.add_argument("--port", type=int, default=8765, help="the server's port (default 8765)")
    p.add_argument("--web-port", type=int, default=8080,
                   help="triops web's HTTP port (default 8080)")
    p.add_argument("--reports", type=Path, default=Path("triops-reports"),
                   help="where the console will write reports (default ./triops-reports)")
    p.set_defaults(handler=run)


def version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def writable(directory: Path) -> str | None:
    """None when files can be written in `directory`, or it can be made, else why not. A
    check creates nothing: a missing folder is judged by the nearest one that exists."""
    if directory.is_dir():
        try:
            with tempfile.NamedTemporaryFile(dir=directory):
                pass
        except OSError as err:
            return err.strerror or str(err)
        return None
    parent = next((p for p in directory.parents if p.exists()), None)
    if parent is None or not parent.is_dir():
        return f"{parent} is not a folder"
    return None if os.access(parent, os.W_OK | os.X_OK) else f"{parent} is read-only"


def port_free(host: str, port: int) -> str | None:
    """None when a server could listen on host:port now, else why not."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as err:
            return err.strerror or str(err)
    return None


def web_answers(host: str, port: int) -> bool:
    """Whether a `triops web` answers a browser's first request at host:port."""
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/", timeout=3) as reply:
            return "<title>TriOps" in reply.read(65536).decode("utf-8", "replace")
    except (OSError, urllib.error.URLError, ValueError):
        return False


def reach(host: str) -> str:
    return ("browsers on this machine only; --host 0.0.0.0 lets the room in"
            if host in ("127.0.0.1", "localhost", "::1") else "browsers that can reach " + host)


def checks(args: argparse.Namespace) -> list[tuple[bool, str]]:
    """(ok, line) for each thing a session needs."""
    out: list[tuple[bool, str]] = [(True, f"Python {platform.python_version()} "
                                          f"({platform.system()})")]
    for package in PACKAGES:
        found = version(package)
        needed = package != "textual-serve"  # only `triops web` needs it
        out.append((found is not None or not needed,
                    f"{package} {found}" if found else
                    f"{package} is not installed" + ("" if needed else
                                                     ": `triops web` will not start")))
    home = data_dir()
    for what, directory in (("solo games, tokens and the workshop store",
                             home), ("reports", args.reports.resolve())):
        problem = writable(directory)
        out.append((problem is None, f"{what}: {directory}" + (
            f" is not writable ({problem})" if problem else " (writable)")))
    paths = scenario_paths()
    good, bad = [], []
    for path in paths:
        try:
            good.append(read_scenario(path).id)
        except ScenarioError:
            bad.append(path.name)
    out.append((bool(good) and not bad, f"scenarios: {len(good)} found ({', '.join(good)})"
                + (f"; invalid: {', '.join(bad)} (run triops scenario validate)" if bad else "")
                if paths else "scenarios: none found"))
    problem = port_free(args.host, args.port)
    out.append((problem is None, f"the server (triops serve): {args.host}:{args.port} " + (
        "is free" if problem is None else f"is taken ({problem}); pick another with --port")))
    web = f"http://{args.host}:{args.web_port}/"
    problem = port_free(args.host, args.web_port)
    if problem is None:
        out.append((True, f"the web pages (triops web): {args.host}:{args.web_port} is free; "
                          f"it will serve {web} to {reach(args.host)}"))
    elif web_answers(args.host, args.web_port):
        out.append((True, f"the web pages: a triops web is running and answers at {web} "
                          f"({reach(args.host)})"))
    else:
        out.append((False, f"the web pages (triops web): {args.host}:{args.web_port} is taken "
                           f"({problem}) by something that is not triops web; pick another "
                           "with --web-port"))
    where = os.environ.get("XDG_DATA_HOME")
    out.append((True, f"data home: {'$XDG_DATA_HOME=' + where if where else '~/.local/share'}"))
    return out


def run(args: argparse.Namespace) -> int:
    found = checks(args)
    for ok, line in found:
        print(f"{'ok  ' if ok else 'FAIL'} {line}")
    failed = sum(1 for ok, _ in found if not ok)
    print("Ready for a session." if not failed else
          f"{failed} problem(s) above would stop a session.")
    return 1 if failed else 0
