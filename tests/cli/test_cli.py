"""The `triops` command as a user runs it: a real subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def triops(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "triops", *args], cwd=ROOT, text=True,
                          capture_output=True, timeout=120)


def test_scenario_validate_passes_for_shipped_scenarios() -> None:
    paths = sorted(str(p) for p in (ROOT / "triops" / "scenarios").glob("*.toml"))
    result = triops("scenario", "validate", *paths)
    assert result.returncode == 0, result.stderr
    assert "ok (retail-novice" in result.stdout


def test_scenario_validate_reports_a_broken_copy_with_file_and_field(tmp_path: Path) -> None:
    text = (ROOT / "triops" / "scenarios" / "retail-novice.toml").read_text()
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace('class = "good"', 'class = "great"', 1)
                      .replace("severity = 2", "severity = 9", 1))
    result = triops("scenario", "validate", str(broken))
    assert result.returncode == 1
    assert f"{broken}: incidents[0].severity: expected an integer from 1 to 3; found 9" \
        in result.stderr
    assert 'class: expected one of good, partial, poor, over; found "great"' in result.stderr
    assert 'incidents[0].responses: expected a good response that fits "' in result.stderr
    assert "3 problem(s)" in result.stderr


def test_scenario_validate_reports_toml_syntax_errors(tmp_path: Path) -> None:
    bad = tmp_path / "syntax.toml"
    bad.write_text("id = 'x\n")
    result = triops("scenario", "validate", str(bad))
    assert result.returncode == 1 and f"{bad}: (syntax): expected valid TOML" in result.stderr


def test_scenario_list() -> None:
    result = triops("scenario", "list")
    assert result.returncode == 0 and "retail-novice" in result.stdout


def test_demo_prints_each_quarters_report() -> None:
    result = triops("demo", "--seed", "3")
    assert result.returncode == 0, result.stderr
    for q in range(7):
        assert f"Quarter {q}" in result.stdout
    assert "Final" in result.stdout and "→" in result.stdout


def test_unknown_scenario_is_a_clear_error() -> None:
    result = triops("demo", "--scenario", "moon-base")
    assert result.returncode == 2 and "moon-base" in result.stderr


def test_scenario_validate_warns_about_an_empty_or_unmarked_anchor(tmp_path: Path) -> None:
    """Every incident's anchor (the real case shown once it closes) says whether it is
    reported, a composite or a court or regulator's decision; the validator warns, with the
    file, the incident and what was expected, when one says none of these or is missing."""
    import re

    text = (ROOT / "triops" / "scenarios" / "retail-novice.toml").read_text()
    anchors = re.findall(r'^anchor = "(.*)"$', text, flags=re.MULTILINE)
    unmarked = next(a for a in anchors if a.startswith("Composite"))
    text = text.replace(f'anchor = "{unmarked}"',
                        'anchor = "Peak-season capacity, never revisited."')
    text = text.replace(f'anchor = "{anchors[0]}"', 'anchor = ""')
    copy = tmp_path / "anchors.toml"
    copy.write_text(text)
    result = triops("scenario", "validate", str(copy))
    assert result.returncode == 0, result.stderr  # a warning, not an error
    warnings = [line for line in result.stdout.splitlines() if "warning: incident" in line]
    assert len(warnings) == 2, result.stdout
    assert all(w.startswith(f"{copy}: warning: incident R") for w in warnings)
    assert any("the anchor is empty" in w for w in warnings)
    assert any('the anchor is unmarked (it begins "Peak-season capacity' in w for w in warnings)
    assert all('start with "Reported"' in w and '"Composite"' in w and "court decision" in w
               for w in warnings)
    shipped = triops("scenario", "validate", *sorted(
        str(p) for p in (ROOT / "triops" / "scenarios").glob("*.toml")))
    assert "the anchor is" not in shipped.stdout
