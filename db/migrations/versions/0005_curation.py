"""curation: documents marked curated and their gold released; a note on a rejected disagreement

Revision ID: 0005_curation
Revises: 0004_sessions
Create Date: 2027-01-10 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005_curation'
down_revision: str | None = '0004_sessions'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('curated_documents',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('curated_at', sa.DateTime(), nullable=True),
    sa.Column('curator_id', sa.Integer(), nullable=True),
    sa.Column('released_at', sa.DateTime(), nullable=True),
    sa.Column('released_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['curator_id'], ['users.id'], name=op.f('fk_curated_documents_curator_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_curated_documents_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['released_by_id'], ['users.id'], name=op.f('fk_curated_documents_released_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('document_id', name=op.f('pk_curated_documents'))
    )
    # A plain ADD COLUMN (no batch rebuild): the table keeps its rows and constraints.
    op.add_column('adjudication_decisions', sa.Column('note', sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column('adjudication_decisions', 'note')
    op.drop_table('curated_documents')
