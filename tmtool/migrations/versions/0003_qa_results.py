"""qa results

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 17:35:41.243688
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "qadismissal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("translation_id", sa.Integer(), nullable=False),
        sa.Column("check", sa.String(length=60), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("user", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["translation_id"], ["translation.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("qadismissal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_qadismissal_translation_id"), ["translation_id"], unique=False
        )

    op.create_table(
        "qaissue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("translation_id", sa.Integer(), nullable=False),
        sa.Column("check", sa.String(length=60), nullable=False),
        sa.Column("severity", sa.String(length=20), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["translation_id"], ["translation.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("qaissue", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_qaissue_translation_id"), ["translation_id"], unique=False
        )

    op.create_table(
        "qarun",
        sa.Column("translation_id", sa.Integer(), nullable=False),
        sa.Column("input_hash", sa.String(length=64), nullable=False),
        sa.Column("stamp", sa.String(length=200), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["translation_id"], ["translation.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("translation_id"),
    )


def downgrade() -> None:
    op.drop_table("qarun")
    with op.batch_alter_table("qaissue", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qaissue_translation_id"))

    op.drop_table("qaissue")
    with op.batch_alter_table("qadismissal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qadismissal_translation_id"))

    op.drop_table("qadismissal")
