"""The store's one error, importable without loading the database code."""


class StoreError(Exception):
    """The database cannot be used, or refused a change; the message says why and what to do."""
