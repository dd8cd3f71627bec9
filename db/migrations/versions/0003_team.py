"""team workflow: adjudication decisions (rejected disagreement clusters)

Revision ID: 0003_team
Revises: 0002_sources
Create Date: 2026-11-25 20:32:34.810929
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0003_team'
down_revision: str | None = '0002_sources'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('adjudication_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('cluster_key', sa.String(length=64), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('source_uids', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('curator_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['curator_id'], ['users.id'], name=op.f('fk_adjudication_decisions_curator_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_adjudication_decisions_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adjudication_decisions'))
    )
    with op.batch_alter_table('adjudication_decisions', schema=None) as batch_op:
        batch_op.create_index('ix_adjudication_decisions_document_id_cluster_key', ['document_id', 'cluster_key'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('adjudication_decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_adjudication_decisions_document_id_cluster_key')

    op.drop_table('adjudication_decisions')
