"""Indexes that hold what the home screen's counts read, so counting reads no table row.

Each replaces an index it extends, so writes keep the same number of indexes to update:
cards by deck and retirement (the live cards of each deck), and each profile's cards by due
time with their phase, reps, holds and card (the cards due today, by deck). At 50k cards the
counts read the rows of a sixth of the memories and every card before.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 12:00:00.000000
"""

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

DUE_COUNTS_COLUMNS = ['user_id', 'due', 'state', 'reps', 'suspended', 'buried_until', 'card_id']


def upgrade() -> None:
    op.drop_index('ix_card_deck_id', table_name='card')
    op.create_index('ix_card_deck_live', 'card', ['deck_id', 'retired_at'], unique=False)
    op.drop_index('ix_card_state_user_due', table_name='card_state')
    op.create_index('ix_card_state_user_due_counts', 'card_state', DUE_COUNTS_COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index('ix_card_state_user_due_counts', table_name='card_state')
    op.create_index('ix_card_state_user_due', 'card_state', ['user_id', 'due'], unique=False)
    op.drop_index('ix_card_deck_live', table_name='card')
    op.create_index('ix_card_deck_id', 'card', ['deck_id'], unique=False)
