"""The key footer every screen shows: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's footer rebuilds all its keys whenever the screen's bindings may have changed: at each
    focus change and each refresh of the bindings, mostly to the same keys. Each rebuild held the UI
    thread 10-60 ms, two or three times as a screen opened and again as home came back; here a rebuild
    that would show the same keys is skipped.
    """

    _shown: tuple[Any, ...] | None = None

    async def recompose(self) -> None:
        if not self.is_attached:  # asked after a refresh, and the screen left meanwhile: Textual's own check
            return
        app = self.app
        shown = tuple((binding, app.get_key_display(binding), enabled, tooltip)
                      for _, binding, enabled, tooltip in self.screen.active_bindings.values())  # fmt: skip
        if shown == self._shown:
            return
        self._shown = shown
        await super().recompose()
