"""An index of each deck's live cards in their shuffled order, so a study day's first new cards are read, not sorted.

A day shuffles a deck's new cards by ranking each (place + the day's seed) mod a prime, its place being a
hash of its id (tables.SHUFFLE_PLACE). The queue ranked every new card of a deck to keep the first few: at
1,000 cards, two thirds of the SQL of a study queue. That rank is the shuffled order rotated by the seed:
with the places indexed, the day's order is two ranges of this index, read from their start.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 10:30:00.000000
"""

from alembic import op

from peerquiz.core.store.tables import LIVE, SHUFFLE_PLACE

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_card_deck_shuffle', 'card', ['deck_id', SHUFFLE_PLACE], sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade() -> None:
    op.drop_index('ix_card_deck_shuffle', table_name='card')
