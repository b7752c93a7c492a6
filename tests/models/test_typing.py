"""mypy --strict (with the aeromodel.mypy plugin the repository's config loads) over typing cases:
the good file type-checks with its assert_type pins; each marked line of the bad file is an error."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parent / "typing"


def _mypy(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", str(path.relative_to(ROOT))],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )


def test_public_types_are_pinned() -> None:
    proc = _mypy(CASES / "cases_ok.py")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mistakes_are_type_errors() -> None:
    path = CASES / "cases_bad.py"
    expected = {
        i: m.group(1)
        for i, line in enumerate(path.read_text().splitlines(), 1)
        if (m := re.search(r"# E: ([a-z-]+)", line))
    }
    proc = _mypy(path)
    found: dict[int, set[str]] = {}
    for m in re.finditer(r":(\d+): error: .*\[([a-z-]+)\]$", proc.stdout, re.M):
        found.setdefault(int(m.group(1)), set()).add(m.group(2))
    assert set(found) == set(expected), proc.stdout
    for line, code in expected.items():
        assert code in found[line], (line, proc.stdout)
