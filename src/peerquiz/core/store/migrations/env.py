"""Alembic environment: always run on a connection handed in by the store."""

from alembic import context

from peerquiz.core.store.tables import migration_metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=migration_metadata(),
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
)
with context.begin_transaction():
    context.run_migrations()
