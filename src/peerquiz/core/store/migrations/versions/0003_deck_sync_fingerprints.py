"""Deck fingerprints, so an unchanged deck is not synced on every start.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 04:48:42.587156
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('deck_sync',
    sa.Column('deck_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('synced_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('deck_id')
    )


def downgrade() -> None:
    op.drop_table('deck_sync')
