"""The instructor verbs run as a user runs them: new, import, export."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def run(tmp_path: Path):
    """Run `peerquiz` in a scratch folder, so default paths (decks/...) land there."""
    env = {**os.environ, "PEERQUIZ_DB": str(tmp_path / "progress.db")}
    env.pop("PEERQUIZ_DECKS", None)

    def call(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "peerquiz", *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
        )

    return call


def test_new_writes_a_template_that_passes_strict_check(run, tmp_path: Path):
    result = run("new", "ethics-basics", "--title", "Ethics: the basics")
    assert result.returncode == 0, result.stderr
    written = tmp_path / "decks" / "ethics-basics.yaml"
    assert "id: ethics-basics" in written.read_text()
    check = run("check", "--strict", "decks")
    assert (check.returncode, check.stderr) == (0, "")
    assert "ethics-basics: 7 cards, 9 items" in check.stdout


def test_new_refuses_to_overwrite(run, tmp_path: Path):
    target = tmp_path / "mine.yaml"
    target.write_text("my own work")
    result = run("new", "mine.yaml")
    assert result.returncode == 2
    assert result.stderr == f"peerquiz: mine.yaml already exists\n"
    assert target.read_text() == "my own work"
