"""claims: claim groups, their members, exclusions, fact-checks and fact-check proposals; a
`claim` flag on labels (set on the built-in `framing` codebook's Claim)

The flag is added with a plain ADD COLUMN: a batch rebuild of `labels` would drop and recreate a
table that annotations point at. The stored `framing` codebooks get the flag on their Claim
label, in the label rows and in the stored definition (whose content hash is recomputed the way
`codebooks.content_sha256` computes it), so existing projects have claims at once and the
next project made from the built-in file finds the same stored version.

Revision ID: 0008_claims
Revises: 0007_relations
Create Date: 2026-12-06 19:40:52.042205
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0008_claims'
down_revision: str | None = '0007_relations'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
_STATUS = sa.Enum('proposed', 'confirmed', name='claimgroupstatus', native_enum=False, length=32)
_ORIGIN = sa.Enum('proposed', 'linked', 'confirmed', name='memberorigin', native_enum=False, length=32)
_LINK = sa.Enum('proposed', 'accepted', 'rejected', name='linkstatus', native_enum=False, length=32)


def upgrade() -> None:
    op.create_table('claim_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('canonical', sa.Text(), nullable=False),
    sa.Column('verdict', sa.String(length=100), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('status', _STATUS, nullable=False),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_claim_groups_confirmed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_claim_groups_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['claim_groups.id'], name=op.f('fk_claim_groups_merged_into_id_claim_groups'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_claim_groups_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_groups')),
    sa.UniqueConstraint('uid', name=op.f('uq_claim_groups_uid'))
    )
    op.create_index('ix_claim_groups_project_id_deleted_at', 'claim_groups', ['project_id', 'deleted_at'], unique=False)

    op.create_table('claim_fact_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('claim_reviewed', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('publisher', sa.String(length=500), nullable=True),
    sa.Column('publisher_url', sa.String(length=2000), nullable=True),
    sa.Column('date_published', sa.Date(), nullable=True),
    sa.Column('rating_value', sa.Double(), nullable=True),
    sa.Column('best_rating', sa.Double(), nullable=True),
    sa.Column('worst_rating', sa.Double(), nullable=True),
    sa.Column('rating_label', sa.String(length=200), nullable=True),
    sa.Column('claim_author', sa.String(length=500), nullable=True),
    sa.Column('claim_date', sa.Date(), nullable=True),
    sa.Column('appearances', _JSON, nullable=False),
    sa.Column('source', sa.String(length=500), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_claim_fact_checks_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['claim_groups.id'], name=op.f('fk_claim_fact_checks_group_id_claim_groups'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_claim_fact_checks_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_fact_checks')),
    sa.UniqueConstraint('uid', name=op.f('uq_claim_fact_checks_uid'))
    )
    op.create_index(op.f('ix_claim_fact_checks_group_id'), 'claim_fact_checks', ['group_id'], unique=False)
    op.create_index(op.f('ix_claim_fact_checks_project_id'), 'claim_fact_checks', ['project_id'], unique=False)

    op.create_table('claim_exclusions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('annotation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['annotation_id'], ['annotations.id'], name=op.f('fk_claim_exclusions_annotation_id_annotations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['claim_groups.id'], name=op.f('fk_claim_exclusions_group_id_claim_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_claim_exclusions_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_exclusions')),
    sa.UniqueConstraint('group_id', 'annotation_id', name=op.f('uq_claim_exclusions_group_id_annotation_id'))
    )
    op.create_index(op.f('ix_claim_exclusions_annotation_id'), 'claim_exclusions', ['annotation_id'], unique=False)

    op.create_table('claim_fact_check_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fact_check_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Double(), nullable=False),
    sa.Column('status', _LINK, nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_claim_fact_check_proposals_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['fact_check_id'], ['claim_fact_checks.id'], name=op.f('fk_claim_fact_check_proposals_fact_check_id_claim_fact_checks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['claim_groups.id'], name=op.f('fk_claim_fact_check_proposals_group_id_claim_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_fact_check_proposals')),
    sa.UniqueConstraint('fact_check_id', 'group_id', name=op.f('uq_claim_fact_check_proposals_fact_check_id_group_id'))
    )
    op.create_index(op.f('ix_claim_fact_check_proposals_group_id'), 'claim_fact_check_proposals', ['group_id'], unique=False)

    op.create_table('claim_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('annotation_id', sa.Integer(), nullable=False),
    sa.Column('origin', _ORIGIN, nullable=False),
    sa.Column('score', sa.Double(), nullable=True),
    sa.Column('linked_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['annotation_id'], ['annotations.id'], name=op.f('fk_claim_members_annotation_id_annotations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['claim_groups.id'], name=op.f('fk_claim_members_group_id_claim_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['linked_by_id'], ['users.id'], name=op.f('fk_claim_members_linked_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_members')),
    sa.UniqueConstraint('annotation_id', name=op.f('uq_claim_members_annotation_id'))
    )
    op.create_index(op.f('ix_claim_members_group_id'), 'claim_members', ['group_id'], unique=False)

    op.add_column('labels', sa.Column('claim', sa.Boolean(), server_default=sa.false(), nullable=False))
    _flag_framing_claims()


def _flag_framing_claims() -> None:
    """The built-in `framing` codebook's Claim is a claim label: flag it in the stored versions."""
    connection = op.get_bind()
    codebooks = sa.table('codebooks', sa.column('id', sa.Integer()), sa.column('key', sa.String()),
                         sa.column('definition', _JSON), sa.column('content_sha256', sa.String()))
    labels = sa.table('labels', sa.column('codebook_id', sa.Integer()), sa.column('key', sa.String()),
                      sa.column('claim', sa.Boolean()))
    rows = connection.execute(sa.select(codebooks.c.id, codebooks.c.definition).where(codebooks.c.key == 'framing')).all()
    for codebook_id, definition in rows:
        definition = json.loads(definition) if isinstance(definition, str) else dict(definition)
        found = False
        for label in definition.get('labels', []):
            if label.get('key') == 'claim':
                label['claim'] = True
                found = True
        if not found:
            continue
        canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False)
        connection.execute(sa.update(codebooks).where(codebooks.c.id == codebook_id).values(
            definition=definition, content_sha256=hashlib.sha256(canonical.encode('utf-8')).hexdigest()))
        connection.execute(sa.update(labels).where(labels.c.codebook_id == codebook_id, labels.c.key == 'claim')
                           .values(claim=True))


def downgrade() -> None:
    op.drop_column('labels', 'claim')
    op.drop_index(op.f('ix_claim_members_group_id'), table_name='claim_members')
    op.drop_table('claim_members')
    op.drop_index(op.f('ix_claim_fact_check_proposals_group_id'), table_name='claim_fact_check_proposals')
    op.drop_table('claim_fact_check_proposals')
    op.drop_index(op.f('ix_claim_exclusions_annotation_id'), table_name='claim_exclusions')
    op.drop_table('claim_exclusions')
    op.drop_index(op.f('ix_claim_fact_checks_project_id'), table_name='claim_fact_checks')
    op.drop_index(op.f('ix_claim_fact_checks_group_id'), table_name='claim_fact_checks')
    op.drop_table('claim_fact_checks')
    op.drop_index('ix_claim_groups_project_id_deleted_at', table_name='claim_groups')
    op.drop_table('claim_groups')
