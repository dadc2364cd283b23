"""Each deck's count of live cards whose id names a note they share, kept with its other card counts.

Only a deck with a note of several cards (a card and its reverse, the gaps of one cloze: one of
them at least has an item id "note/...") can hold a new card back because its sibling is due.
The study queue and home found such decks by scanning every card id of the decks in use (3 ms
of a queue at 200k cards); the card sync now counts them with the deck's other figures, and this
revision fills them in.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 13:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deck_cards') as batch:
        batch.add_column(sa.Column('note_cards', sa.Integer(), nullable=False, server_default='0'))
    op.execute(
        "UPDATE deck_cards SET note_cards = (SELECT count(*) FROM card WHERE card.deck_id = deck_cards.deck_id "
        "AND card.retired_at IS NULL AND replace(card.item_id, '/', '') <> card.item_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table('deck_cards') as batch:
        batch.drop_column('note_cards')
