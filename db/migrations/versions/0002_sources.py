"""sources: who accepted or rejected a funding link, and when; an index to list proposals

Revision ID: 0002_sources
Revises: 0001
Create Date: 2026-11-25 20:31:31.166131
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002_sources'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('funding_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decided_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_funding_links_status', ['status'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_funding_links_decided_by_id_users'), 'users', ['decided_by_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('funding_links', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_funding_links_decided_by_id_users'), type_='foreignkey')
        batch_op.drop_index('ix_funding_links_status')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('decided_by_id')
