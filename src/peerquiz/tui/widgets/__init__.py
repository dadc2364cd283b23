"""Widgets shared by the screens: one card view per kind of card."""
