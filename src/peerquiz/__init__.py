"""peerquiz: exam prep for peer support certification, in the terminal.

Kept empty on purpose: importing the package must stay cheap, so that the
command starts fast and the core can be imported without the UI.
"""

__version__ = "0.1.0"
