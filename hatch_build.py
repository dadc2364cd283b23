"""The build's one step beyond packing files: compile the deck YAML reader against libyaml.

src/peerquiz/core/decks/_deck_yaml.c reads a deck file about four times as fast as PyYAML's
composer (most of a first import). It is optional: without a C compiler or libyaml's headers
the package stays pure Python and reads deck files through PyYAML (pip shows why with -v).
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = Path("src/peerquiz/core/decks/_deck_yaml.c")


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._scratch: str | None = None  # a wheel's build folder for the reader, removed in finalize
        if self.target_name != "wheel":
            return
        source = Path(self.root, SOURCE)
        name = "_deck_yaml" + sysconfig.get_config_var("EXT_SUFFIX")
        if version == "editable":  # beside its source, where the editable install finds the package
            built = source.with_name(name)
            built.unlink(missing_ok=True)  # never a reader compiled from an older source
        else:
            self._scratch = tempfile.mkdtemp()
            built = Path(self._scratch, name)
        command = [
            *shlex.split(sysconfig.get_config_var("LDSHARED")), *shlex.split(sysconfig.get_config_var("CCSHARED")),
            *shlex.split(sysconfig.get_config_var("CFLAGS")), f"-I{sysconfig.get_paths()['include']}",
            str(source), "-lyaml", "-pthread", "-o", str(built),  # libyaml parses on a thread of the reader's own
        ]  # fmt: skip
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError as exc:  # no compiler
            done = subprocess.CompletedProcess(command, 1, "", str(exc))
        if done.returncode != 0:
            self.app.display_warning(f"peerquiz: the deck YAML reader was not compiled; deck files are read by PyYAML, slower.\n{done.stderr}")
            return
        if version != "editable":
            build_data["force_include"][str(built)] = str(Path("peerquiz/core/decks", name))
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
