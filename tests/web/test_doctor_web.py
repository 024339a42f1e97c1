"""`triops doctor` asks a running `triops web` the way a browser would, and tells it from
something else holding the port."""

from __future__ import annotations

import http.server
import re
import threading
from pathlib import Path

import pytest

from tests.web.procs import game_server, web_server
from triops.cli.main import main


def doctor(tmp: Path, web_port: int, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["doctor", "--port", "0", "--web-port", str(web_port),
                 "--reports", str(tmp / "reports")])
    return code, capsys.readouterr().out


def test_doctor_finds_a_running_triops_web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with game_server(tmp_path) as server, web_server(tmp_path, server) as web:
        port = int(web.base.rsplit(":", 1)[1])
        code, out = doctor(tmp_path, port, capsys)
    assert code == 0, out
    assert re.search(rf"ok +the web pages: a triops web is running and answers at "
                     rf"http://127\.0\.0\.1:{port}/ \(browsers on this machine only", out), out


def test_doctor_fails_when_something_else_holds_the_web_port(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        code, out = doctor(tmp_path, other.server_address[1], capsys)
    finally:
        other.shutdown()
        other.server_close()
    assert code == 1
    assert "is taken" in out and "not triops web; pick another with --web-port" in out
