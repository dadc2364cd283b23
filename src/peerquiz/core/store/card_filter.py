"""Which cards a query covers: a plain value the screens build and the store turns into SQL."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CardFilter:
    """Which cards a query covers; empty fields mean no restriction."""

    deck_ids: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    tag: str | None = None

    @property
    def is_everything(self) -> bool:
        return not (self.deck_ids or self.domains or self.tag)
