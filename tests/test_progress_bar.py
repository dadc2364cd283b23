"""The import progress bar: drawn on a terminal for big jobs, never into pipes or files."""

from __future__ import annotations

import io

from peerquiz.cli.progress_bar import ProgressBar


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_is_drawn_once_per_percent_and_cleared():
    stream = FakeTerminal()
    with ProgressBar("importing x.apkg", stream, minimum=10) as progress:
        for done in range(1, 1001):
            progress(done, 1000)
    frames = stream.getvalue().split("\r")[1:]
    assert len(frames) == 1 + 100 + 1  # 0% .. 100%, then the clearing
    assert frames[-2] == f"importing x.apkg [{'#' * 30}] 100% 1000/1000"
    assert frames[-1] == "\033[K"


def test_nothing_is_drawn_off_a_terminal_or_for_small_jobs():
    pipe = io.StringIO()
    with ProgressBar("importing", pipe, minimum=10) as progress:
        progress(50, 100)
    small = FakeTerminal()
    with ProgressBar("importing", small, minimum=500) as progress:
        progress(50, 100)
    assert pipe.getvalue() == small.getvalue() == ""
