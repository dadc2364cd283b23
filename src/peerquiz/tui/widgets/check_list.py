"""A selection list whose unchosen items show an empty box.

Textual's own draws an X in every box and tells chosen from unchosen by the X's colour alone, which
NO_COLOR and colour-blind users cannot see.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList

BOX_INNER = 1  # the segment between the box's two sides, as SelectionList.render_line lays the line out


class CheckList(SelectionList[str]):
    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        index = self.scroll_offset.y + y
        if index >= self.option_count or self.get_option_at_index(index).value in self.selected:
            return line
        segments = list(line)
        mark = segments[BOX_INNER]
        segments[BOX_INNER] = Segment(" " * len(mark.text), mark.style, mark.control)
        return Strip(segments, line.cell_length)
