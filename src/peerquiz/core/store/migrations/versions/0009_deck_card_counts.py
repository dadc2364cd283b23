"""Each deck's card counts, kept by the card sync, so home and the study queue need not count every card.

Home's counts walked every card of every deck to count each deck's live and retired cards, and
the study queue walked each deck's cards again to see whether its ids are consecutive: at 200k
cards, two walks over 200,000 index entries. A deck's cards change only when it is synced, so
the sync now writes these figures, and this revision fills them in from the cards there are.

A class database's logins read the cards: they may read these counts too.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 01:30:00.000000
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

LIVE = "retired_at IS NULL"


def upgrade() -> None:
    op.create_table('deck_cards',
                    sa.Column('deck_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
                    sa.Column('live', sa.Integer(), nullable=False),
                    sa.Column('retired', sa.Integer(), nullable=False),
                    sa.Column('lowest', sa.Integer(), nullable=True),
                    sa.Column('highest', sa.Integer(), nullable=True),
                    sa.PrimaryKeyConstraint('deck_id'))
    op.execute(
        "INSERT INTO deck_cards (deck_id, live, retired, lowest, highest) "
        f"SELECT deck_id, count(CASE WHEN {LIVE} THEN 1 END), count(CASE WHEN NOT ({LIVE}) THEN 1 END), "
        f"min(CASE WHEN {LIVE} THEN id END), max(CASE WHEN {LIVE} THEN id END) FROM card GROUP BY deck_id"
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        readers = bind.execute(sa.text(
            "SELECT DISTINCT grantee FROM information_schema.role_table_grants WHERE table_schema = current_schema() "
            "AND table_name = 'card' AND privilege_type = 'SELECT' AND grantee <> current_user"
        )).scalars().all()  # fmt: skip
        quote = bind.dialect.identifier_preparer.quote_identifier
        for reader in readers:
            op.execute(f"GRANT SELECT ON deck_cards TO {'PUBLIC' if reader == 'PUBLIC' else quote(reader)}")


def downgrade() -> None:
    op.drop_table('deck_cards')
