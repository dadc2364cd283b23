"""A partial index on the memory rows of cards never answered, so a study queue skips a fully studied deck.

A deck's new cards were found by checking each of its cards for a memory row: a deck studied
through cost a look per card for nothing (175 ms of a 200k-card queue). With these rows indexed,
two counts over the deck's card ids say it has no new card. Such rows are few: a new card buried
or suspended before its first answer.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 17:00:00.000000
"""

from alembic import op

from peerquiz.core.store.tables import UNSTUDIED

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_card_state_user_unstudied', 'card_state', ['user_id', 'card_id'],
                    sqlite_where=UNSTUDIED, postgresql_where=UNSTUDIED)


def downgrade() -> None:
    op.drop_index('ix_card_state_user_unstudied', table_name='card_state')
