"""Decks: the card model, reading deck files (with file:line errors), the deck cache, lint and watching."""
