"""Domain errors. Services raise these; the UI shows them and the CLI prints them as one line."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


class AnnotatorError(Exception):
    """Base of every error a user is meant to read.

    `override`, where set, names the keyword argument of the service that refused which makes
    the change anyway (unassign's `force`, create_entity's `same_name`). The message names no
    front end's control for it: each front end that offers one adds its own words (the command
    line its option, cli/common.overridable; a page its checkbox, ui/feedback.run_service)."""

    override: str | None = None


class NotFound(AnnotatorError):
    """A row the caller named does not exist (or is hidden from them)."""


class Forbidden(AnnotatorError):
    """The caller may not do this. The service layer audits the attempt after rolling back."""

    def __init__(
        self,
        message: str,
        *,
        action: str = "access",
        object_type: str = "project",
        object_id: int | None = None,
        project_id: int | None = None,
        document_id: int | None = None,
    ) -> None:
        super().__init__(message)
        self.action = action
        self.object_type = object_type
        self.object_id = object_id
        self.project_id = project_id
        self.document_id = document_id


class Conflict(AnnotatorError):
    """The row changed since the caller read it, or the write clashes with existing data."""

    def __init__(self, message: str, *, override: str | None = None) -> None:
        super().__init__(message)
        self.override = override


class InvalidSpan(AnnotatorError):
    """Offsets, quote or label of a span do not fit the document or the codebook."""


class AuthenticationError(AnnotatorError):
    """Wrong user name or password, or a deactivated account."""


class TooManyAttempts(AuthenticationError):
    """Too many failed attempts from here or for this name: wait (services.accounts.login_throttle)."""


class InvalidInput(AnnotatorError):
    """Bad input, located as precisely as we can: file, line and field."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | str | None = None,
        field: str | None = None,
        override: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        self.override = override
        super().__init__(self.located())

    @classmethod
    def from_validation(cls, error: ValidationError, *, file: str | None, line: int | str | None = None,
                        within: str | None = None) -> InvalidInput:
        """The first problem pydantic found; its location is the field, under `within` when the
        validated value sits inside a larger document (``entities[3]``)."""
        first = error.errors()[0]
        inner = ".".join(str(part) for part in first["loc"])
        field = f"{within}.{inner}" if within and inner else within or inner or None
        return cls(first["msg"], file=file, line=line, field=field)

    def located(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.line is not None:
            where.append(f"line {self.line}" if isinstance(self.line, int) else str(self.line))
        if self.field:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportRefused(AnnotatorError):
    """An import found problems; nothing was written. `issues` lists every one found."""

    def __init__(self, issues: list[InvalidInput]) -> None:
        self.issues = issues
        first = issues[0].located() if issues else "no details"
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        super().__init__(f"import refused, nothing was written: {first}{more}")
