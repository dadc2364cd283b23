"""Alembic environment: always run on a connection handed in by the store."""

from alembic import context
from sqlmodel import SQLModel

from peerquiz.core.store import tables  # noqa: F401  (registers the tables)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
)
with context.begin_transaction():
    context.run_migrations()
