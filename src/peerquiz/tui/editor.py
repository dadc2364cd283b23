"""Opening a deck file in the learner's own editor, from the review or the preview."""

from __future__ import annotations

import os
import shlex
import subprocess
from typing import Any

from textual.app import App, SuspendNotSupported


def edit_file(app: App[Any], path: str, line: int) -> bool:
    """Open a deck file at a line in $VISUAL / $EDITOR (vi if unset), suspending the app meanwhile.

    Returns whether the editor ran; if it could not, the learner is told why.
    """
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    command = [*shlex.split(editor), f"+{line}", path]
    try:
        with app.suspend():
            subprocess.run(command, check=False)
    except (SuspendNotSupported, OSError) as exc:
        app.notify(f"Could not open the editor ({command[0]}): {exc}", severity="error", markup=False)
        return False
    return True
