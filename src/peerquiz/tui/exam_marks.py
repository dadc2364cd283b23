"""How the exam screens mark right, wrong and pass or fail: a sign or word always, and a colour too.

ANSI colours (the terminal's own green, red and yellow), as the exam screens have always shown them.
"""

PASSED = "bold ansi_white on ansi_green"
FAILED = "bold ansi_white on ansi_red"
RIGHT = "bold ansi_green"
WRONG = "bold ansi_red"
UNANSWERED = "bold ansi_yellow"
