"""relations between spans: the codebook's relation types, annotators' and gold relations

New tables only (nothing existing is altered): `relation_types` (one row per codebook version
and type, like `labels`), `relations` (two spans of one annotator) and `gold_relations` (two
gold spans). Codebooks stored before have no relation types; their stored definitions have no
`relations` key, which is how a codebook without relation types is still written.

Revision ID: 0007_relations
Revises: 0006_study
Create Date: 2026-12-06 19:42:06.366479
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0007_relations'
down_revision: str | None = '0006_study'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('relation_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('codebook_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('colour', sa.String(length=7), nullable=False),
    sa.Column('hotkey', sa.String(length=1), nullable=True),
    sa.Column('directed', sa.Boolean(), nullable=False),
    sa.Column('from_labels', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('to_labels', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('attributes', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['codebook_id'], ['codebooks.id'], name=op.f('fk_relation_types_codebook_id_codebooks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_relation_types')),
    sa.UniqueConstraint('codebook_id', 'key', name=op.f('uq_relation_types_codebook_id_key'))
    )
    op.create_table('gold_relations',
    sa.Column('from_id', sa.Integer(), nullable=False),
    sa.Column('to_id', sa.Integer(), nullable=False),
    sa.Column('source_uids', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('curator_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('type_id', sa.Integer(), nullable=False),
    sa.Column('attributes', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_with', sa.String(length=36), nullable=True),
    sa.CheckConstraint('from_id <> to_id', name=op.f('ck_gold_relations_two_ends')),
    sa.ForeignKeyConstraint(['curator_id'], ['users.id'], name=op.f('fk_gold_relations_curator_id_users')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_gold_relations_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['from_id'], ['gold_annotations.id'], name=op.f('fk_gold_relations_from_id_gold_annotations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_id'], ['gold_annotations.id'], name=op.f('fk_gold_relations_to_id_gold_annotations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['type_id'], ['relation_types.id'], name=op.f('fk_gold_relations_type_id_relation_types')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gold_relations')),
    sa.UniqueConstraint('uid', name=op.f('uq_gold_relations_uid'))
    )
    with op.batch_alter_table('gold_relations', schema=None) as batch_op:
        batch_op.create_index('ix_gold_relations_document_id', ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_gold_relations_from_id'), ['from_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_gold_relations_to_id'), ['to_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_gold_relations_type_id'), ['type_id'], unique=False)

    op.create_table('relations',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('from_id', sa.Integer(), nullable=False),
    sa.Column('to_id', sa.Integer(), nullable=False),
    sa.Column('origin', sa.Enum('manual', 'suggestion', 'import', name='origin', native_enum=False, length=32), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('type_id', sa.Integer(), nullable=False),
    sa.Column('attributes', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_with', sa.String(length=36), nullable=True),
    sa.CheckConstraint('from_id <> to_id', name=op.f('ck_relations_two_ends')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_relations_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['from_id'], ['annotations.id'], name=op.f('fk_relations_from_id_annotations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_id'], ['annotations.id'], name=op.f('fk_relations_to_id_annotations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['type_id'], ['relation_types.id'], name=op.f('fk_relations_type_id_relation_types')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_relations_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_relations')),
    sa.UniqueConstraint('uid', name=op.f('uq_relations_uid'))
    )
    with op.batch_alter_table('relations', schema=None) as batch_op:
        batch_op.create_index('ix_relations_document_id_user_id', ['document_id', 'user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_relations_from_id'), ['from_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_relations_to_id'), ['to_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_relations_type_id'), ['type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_relations_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('relations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_relations_user_id'))
        batch_op.drop_index(batch_op.f('ix_relations_type_id'))
        batch_op.drop_index(batch_op.f('ix_relations_to_id'))
        batch_op.drop_index(batch_op.f('ix_relations_from_id'))
        batch_op.drop_index('ix_relations_document_id_user_id')

    op.drop_table('relations')
    with op.batch_alter_table('gold_relations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gold_relations_type_id'))
        batch_op.drop_index(batch_op.f('ix_gold_relations_to_id'))
        batch_op.drop_index(batch_op.f('ix_gold_relations_from_id'))
        batch_op.drop_index('ix_gold_relations_document_id')

    op.drop_table('gold_relations')
    op.drop_table('relation_types')
