# The compiled deck YAML reader (_deck_yaml.c); yaml_reading.py says what it gives.
from collections.abc import Callable
from typing import Any

def read(
    text: str, max_depth: int, lines_depth: int, meanwhile: Callable[[], object] | None = None, aside: bool = True, /
) -> tuple[Any, Any, tuple[str, int, Any] | None]: ...
