"""How the exam screens mark right, wrong and pass or fail: a sign or word always, and a colour too.

Right and wrong are the card views' theme text colours: plain ANSI green and red became dark greys on a
dark grey under NO_COLOR (contrast 1.6) and were dim on dark themes. Pass and fail keep white on the
terminal's green or red, which stays readable as greys.
"""

from peerquiz.tui.widgets.card_view import RIGHT, WRONG

PASSED = "bold ansi_white on ansi_green"
FAILED = "bold ansi_white on ansi_red"
UNANSWERED = "bold $text-warning"

__all__ = ["FAILED", "PASSED", "RIGHT", "UNANSWERED", "WRONG"]
