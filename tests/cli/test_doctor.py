"""`triops --version` and `triops doctor`: what a facilitator checks before a session."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from triops.cli.main import main


def test_version_names_the_installed_package(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("triops ")


def test_doctor_says_ready_and_where_files_go(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with socket.socket() as probe:  # two ports free right now
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    assert main(["doctor", "--port", str(free), "--web-port", str(free),
                 "--reports", str(tmp_path / "reports")]) == 0
    out = capsys.readouterr().out
    assert f"{tmp_path / 'data' / 'triops'} (writable)" in out
    assert "scenarios: 8 found" in out and "retail-novice" in out
    assert out.rstrip().endswith("Ready for a session.")
    assert not (tmp_path / "reports").exists()  # a check creates nothing


def test_doctor_fails_on_a_taken_port_and_an_unwritable_reports_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["doctor", "--port", str(port), "--web-port", str(free),
                     "--reports", str(blocker / "reports")])
    out = capsys.readouterr().out
    assert code == 1
    assert f"FAIL the server (triops serve): 127.0.0.1:{port} is taken" in out
    assert "FAIL reports:" in out and "is not a folder" in out
    assert "2 problem(s) above would stop a session." in out
