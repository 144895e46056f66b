"""What every command module shares: consoles, exit codes, the error handler, the --db option."""

from __future__ import annotations

import functools
import os
import re
import sys
import traceback
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.text import Text

from flashpoint.errors import FlashpointError, NotFoundError

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_ERROR, EXIT_NOT_FOUND, EXIT_INTERNAL = 0, 1, 2, 3, 4, 5
EXIT_CODES_HELP = (
    "\b\nExit status:\n"
    "  0  everything succeeded\n"
    "  1  some inputs failed, each reported on one line (the rest were processed)\n"
    "  2  bad usage (unknown option, missing argument)\n"
    "  3  error that stopped the command (store, configuration)\n"
    "  4  the requested record does not exist\n"
    "  5  the program failed (an internal error: a bug; FLASHPOINT_DEBUG=1 shows the traceback)"
)

# Markup is off: text from reports, paths and remote servers is printed as it is ("[/x]" is not a tag).
out = Console(highlight=False, soft_wrap=True, markup=False, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
F = TypeVar("F", bound=Callable[..., Any])
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def one_line(text: str) -> str:
    """Text for one terminal line: control and bidi characters shown as escapes, never obeyed."""
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def report(label: str, message: str, style: str = "red") -> None:
    """`label: message` on stderr, the label coloured, the message printed literally on one line."""
    err.print(Text.assemble((f"{label}:", style), " ", one_line(message)))


def handle_errors(fn: F) -> F:
    """Turn library errors into one-line messages and exit codes; an unforeseen exception is an internal
    error (exit 5), never a traceback that hides what was already done."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NotFoundError as exc:
            report("error", exc.one_line())
            sys.exit(EXIT_NOT_FOUND)
        except FlashpointError as exc:
            report("error", exc.one_line())
            sys.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            internal_error(exc)

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
         "(default: the one `flashpoint profile list` marks, or $FLASHPOINT_PROFILE).",
)

def internal_error(exc: BaseException) -> NoReturn:
    """Report a bug in one line (the traceback with FLASHPOINT_DEBUG=1) and exit with EXIT_INTERNAL."""
    if os.environ.get("FLASHPOINT_DEBUG"):
        traceback.print_exception(exc)
    detail = " ".join(str(exc).split())[:300]
    report("internal error", f"{type(exc).__name__}: {detail} (a bug in flashpoint; FLASHPOINT_DEBUG=1 shows the "
                             "traceback: please report it)")
    sys.exit(EXIT_INTERNAL)


def _models(ctx: click.Context, param: click.Parameter, value: str) -> str | None:
    return None if value.lower() in ("none", "rules") else value


models_option = click.option(
    "--models", default="shipped", show_default=True, metavar="shipped|none|PATH", callback=_models,
    help="The trained models that decide roles and which candidate events to report: the shipped ones, "
         "'none' for the rules alone, or a model file built by `make train`.",
)

db_option = click.option(
    "--db", envvar="FLASHPOINT_DB", default=None, metavar="PATH|URL",
    help="Store: a SQLite path or a SQLAlchemy URL (default ./flashpoint.db, or $FLASHPOINT_DB).",
)
