"""Typed errors. Each carries a cause and a fix; only the CLI turns them into exit codes."""

from __future__ import annotations


class FlashpointError(Exception):
    """Base error: `cause` says what went wrong, `fix` what the user can do about it."""

    def __init__(self, cause: str, fix: str = "", *, source: str | None = None) -> None:
        self.cause = cause
        self.fix = fix
        self.source = source
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = f"{self.source}: " if self.source else ""
        hint = f" ({self.fix})" if self.fix else ""
        return f"{where}{self.cause}{hint}"


class IngestError(FlashpointError):
    """A source could not be turned into a document."""


class FetchError(IngestError):
    """A URL could not be fetched, or fetching it was refused."""


class ExtractError(FlashpointError):
    """A text cannot be run through the extractor (too long for one document, an impossible reference date)."""


class StoreError(FlashpointError):
    """The store could not be opened, migrated or written."""


class NotFoundError(FlashpointError):
    """A requested record does not exist."""


class ConfigError(FlashpointError):
    """An option or setting is invalid."""


class AnalysisError(FlashpointError):
    """Analysis input is unusable (too few events, bad columns) or a model could not be fitted."""
