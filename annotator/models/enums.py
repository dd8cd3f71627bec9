"""The closed vocabularies of the data model, as `StrEnum`s stored as plain strings."""

from enum import StrEnum


class GlobalRole(StrEnum):
    ADMIN = "admin"
    CURATOR = "curator"
    ANNOTATOR = "annotator"


class ProjectRole(StrEnum):
    ADMIN = "admin"
    CURATOR = "curator"
    ANNOTATOR = "annotator"


class Layer(StrEnum):
    SPAN = "span"
    DOCUMENT = "document"


class AssignmentStatus(StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Origin(StrEnum):
    MANUAL = "manual"
    SUGGESTION = "suggestion"
    IMPORT = "import"


class PartKind(StrEnum):
    BODY = "body"
    FURNITURE = "furniture"
    COMMENTS = "comments"


class EntityKind(StrEnum):
    OUTLET = "outlet"
    ORGANISATION = "organisation"
    PERSON = "person"
    STATE = "state"
    PLATFORM = "platform"


class FundingKind(StrEnum):
    DONATION_CHANNEL = "donation_channel"
    STATE_FUNDING = "state_funding"
    OWNERSHIP = "ownership"
    ADVERTISING = "advertising"
    GRANT = "grant"


class Attribution(StrEnum):
    SELF_DECLARED = "self_declared"
    THIRD_PARTY = "third_party"


class LinkStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class EntityRole(StrEnum):
    CLAIMANT = "claimant"
    FUNDER = "funder"
    TARGET = "target"
    QUOTED_SOURCE = "quoted_source"
    MENTIONED = "mentioned"


class GoldProvenance(StrEnum):
    UNANIMOUS = "unanimous"
    CHOSEN = "chosen"
    EDITED = "edited"
    ADDED = "added"
    IMPORTED = "imported"


class ClaimGroupStatus(StrEnum):
    PROPOSED = "proposed"  # made by an automatic run (or by an annotator): nobody vouched for it yet
    CONFIRMED = "confirmed"  # a lead confirmed it (or made it by splitting or merging)


class MemberOrigin(StrEnum):
    PROPOSED = "proposed"  # an automatic run placed the span in the group
    LINKED = "linked"  # a person linked the span to the group
    CONFIRMED = "confirmed"  # the span was in the group when a lead confirmed it
