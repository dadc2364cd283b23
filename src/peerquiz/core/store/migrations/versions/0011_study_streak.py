"""Each learner's streak, kept up to the start of a study day, and triggers that forget it when an older answer changes.

Home counted the streak afresh on every refresh: one index lookup a day, 730 for two years of
daily study, most of its counts at 1,000 cards. A kept streak holds while no answer older than
its ``through`` is added, changed or removed; triggers on review_log delete it when one is (an
undo, an imported history), on SQLite and on PostgreSQL alike. On PostgreSQL the trigger first
takes the lock that counting a streak takes (streaks.py), so an answer committed while another
process counts is never left out of what it keeps; it runs as the table's owner, so no class
login needs a right on study_streak for its answers to be written.

A class database gives its logins their rights on the new table here (classroom.open_to_class).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 17:30:00.000000
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from peerquiz.core.store.classroom import open_to_class

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_KEPT_AFTER = "{row}.reviewed_at < (SELECT through FROM study_streak WHERE user_id = {row}.user_id)"
_FORGET = "DELETE FROM study_streak WHERE user_id = {row}.user_id"
SQLITE_TRIGGERS = {
    "study_streak_answer_added": ("INSERT", _KEPT_AFTER.format(row="NEW"), _FORGET.format(row="NEW") + ";"),
    "study_streak_answer_removed": ("DELETE", _KEPT_AFTER.format(row="OLD"), _FORGET.format(row="OLD") + ";"),
    "study_streak_answer_changed": (
        "UPDATE OF reviewed_at, user_id",
        f"{_KEPT_AFTER.format(row='OLD')} OR {_KEPT_AFTER.format(row='NEW')}",
        f"{_FORGET.format(row='OLD')}; {_FORGET.format(row='NEW')};",
    ),
}
POSTGRESQL_FUNCTION = """
CREATE FUNCTION study_streak_forget() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM pg_advisory_xact_lock(hashtext('peerquiz streak ' || OLD.user_id));
        DELETE FROM study_streak WHERE user_id = OLD.user_id AND OLD.reviewed_at < through;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM pg_advisory_xact_lock(hashtext('peerquiz streak ' || NEW.user_id));
        DELETE FROM study_streak WHERE user_id = NEW.user_id AND NEW.reviewed_at < through;
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table('study_streak',
                    sa.Column('user_id', sa.Integer(), nullable=False),
                    sa.Column('day_rule', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
                    sa.Column('through', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
                    sa.Column('days', sa.Integer(), nullable=False),
                    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('user_id'))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRESQL_FUNCTION)
        op.execute("CREATE TRIGGER study_streak_forget AFTER INSERT OR DELETE OR UPDATE OF reviewed_at, user_id "
                   "ON review_log FOR EACH ROW EXECUTE FUNCTION study_streak_forget()")
        open_to_class(op.get_bind(), "study_streak")
    else:
        for name, (event, condition, action) in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} AFTER {event} ON review_log WHEN {condition} BEGIN {action} END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER study_streak_forget ON review_log")
        op.execute("DROP FUNCTION study_streak_forget()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table('study_streak')
