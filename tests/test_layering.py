"""The core never imports the UI: each core module loads without textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import peerquiz.core

CORE_MODULES = sorted(
    m.name for m in pkgutil.walk_packages(peerquiz.core.__path__, "peerquiz.core.") if ".migrations" not in m.name
)


def test_core_modules_exist():
    assert {"peerquiz.core.loader", "peerquiz.core.study", "peerquiz.core.store.store"} <= set(CORE_MODULES)


def test_no_core_module_imports_textual():
    # A fresh interpreter per check, so nothing already imported hides a leak.
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "    assert 'textual' not in sys.modules, name\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_importing_the_package_and_cli_stays_light():
    code = "import peerquiz, peerquiz.cli, sys; print(sorted(m for m in ('textual', 'sqlmodel', 'sqlalchemy', 'alembic', 'fsrs') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"
