"""The core never imports the UI, and the app paints before the store's heavy imports load."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import peerquiz

CORE = Path(peerquiz.__file__).parent / "core"


def modules_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(' '.join(sys.modules))"
    return set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())


def test_the_core_never_imports_textual():
    core_modules = sorted(
        "peerquiz.core." + ".".join(p.relative_to(CORE).with_suffix("").parts)
        for p in CORE.rglob("*.py")
        if "migrations" not in p.parts and p.name != "__init__.py"
    )
    loaded = modules_after("\n".join(f"import {m}" for m in core_modules))
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "rich")}


def test_the_app_module_loads_without_the_store_so_the_first_frame_comes_first():
    loaded = modules_after("import peerquiz.tui.app")
    assert {"sqlalchemy", "sqlmodel", "fsrs"}.isdisjoint(loaded)
