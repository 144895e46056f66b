"""What every command module shares: consoles, exit codes, the error handler, the --db option."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from rich.console import Console

from flashpoint.errors import FlashpointError, NotFoundError

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_ERROR, EXIT_NOT_FOUND = 0, 1, 2, 3, 4
EXIT_CODES_HELP = (
    "\b\nExit status:\n"
    "  0  everything succeeded\n"
    "  1  some sources or documents failed (the rest were processed)\n"
    "  2  bad usage (unknown option, missing argument)\n"
    "  3  error that stopped the command (store, configuration)\n"
    "  4  the requested record does not exist"
)

out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True)
F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(fn: F) -> F:
    """Turn library errors into one-line messages and exit codes."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NotFoundError as exc:
            err.print(f"[red]error:[/red] {exc.one_line()}", markup=True)
            sys.exit(EXIT_NOT_FOUND)
        except FlashpointError as exc:
            err.print(f"[red]error:[/red] {exc.one_line()}", markup=True)
            sys.exit(EXIT_ERROR)

    return wrapper  # type: ignore[return-value]


def _use_profile(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from flashpoint.ontology.profile import set_profile

    if value is not None:
        try:
            set_profile(value)
        except FlashpointError as exc:
            raise click.BadParameter(exc.one_line(), ctx=ctx, param=param)
    return value


profile_option = click.option(
    "--profile", envvar="FLASHPOINT_PROFILE", default=None, metavar="NAME|PATH", expose_value=False, is_eager=True,
    callback=_use_profile,
    help="Conflict profile: a shipped name (see `flashpoint profile list`) or a profile YAML file "
         "(default us-iran-axis, or $FLASHPOINT_PROFILE).",
)

db_option = click.option(
    "--db", envvar="FLASHPOINT_DB", default=None, metavar="PATH|URL",
    help="Store: a SQLite path or a SQLAlchemy URL (default ./flashpoint.db, or $FLASHPOINT_DB).",
)
