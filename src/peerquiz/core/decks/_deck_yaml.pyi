# The compiled deck YAML reader (_deck_yaml.c); yaml_reading.py says what it gives.
from typing import Any

def read(text: str, max_depth: int, lines_depth: int, /) -> tuple[Any, Any, tuple[str, int, Any] | None]: ...
