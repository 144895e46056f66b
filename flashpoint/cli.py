"""The `flashpoint` command: parse options, call the library, map errors to messages and exit codes."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from flashpoint import __version__
from flashpoint.errors import FlashpointError, NotFoundError
from flashpoint.ingest import FORMATS, ReadOptions, ingest
from flashpoint.ingest.raw import MAX_BYTES
from flashpoint.store import open_store

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_ERROR, EXIT_NOT_FOUND = 0, 1, 2, 3, 4
EXIT_CODES_HELP = (
    "\b\nExit status:\n"
    "  0  everything succeeded\n"
    "  1  some sources or documents failed (the rest were processed)\n"
    "  2  bad usage (unknown option, missing argument)\n"
    "  3  error that stopped the command (store, configuration)\n"
    "  4  the requested record does not exist"
)

out = Console(highlight=False, soft_wrap=True)
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


db_option = click.option(
    "--db", envvar="FLASHPOINT_DB", default=None, metavar="PATH|URL",
    help="Store: a SQLite path or a SQLAlchemy URL (default ./flashpoint.db, or $FLASHPOINT_DB).",
)


@click.group(epilog=EXIT_CODES_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="flashpoint")
def main() -> None:
    """flashpoint: news reports about armed conflict in, a geocoded, source-linked event dataset out."""


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True,
              help="Input format; auto detects it from the name and content.")
@click.option("--allow-private", is_flag=True, help="Allow fetching URLs on loopback/private/link-local addresses.")
@click.option("--max-bytes", type=int, default=MAX_BYTES, show_default=True, help="Size limit per file or URL.")
@click.option("--timeout", type=float, default=15.0, show_default=True, help="Seconds to wait for a URL.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@handle_errors
def ingest_cmd(sources: tuple[str, ...], db: str | None, fmt: str, allow_private: bool, max_bytes: int,
               timeout: float, quiet: bool) -> None:
    """Ingest SOURCES (files: HTML, text, JSONL, RSS/Atom; or http(s) URLs) into the store.

    The same content ingested twice is stored once; a changed page at the same URL
    is stored as a new version and the old one kept. A failed source is reported
    and the batch goes on.
    """
    store = open_store(db)
    options = ReadOptions(format=fmt, allow_private=allow_private, max_bytes=max_bytes, timeout=timeout)
    progress = Progress(
        TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
        TimeElapsedColumn(), console=err, disable=quiet or not err.is_terminal, transient=True,
    )
    with progress:
        task = progress.add_task("", total=len(sources))
        done_sources: set[str] = set()

        def on_item(label: str, outcome: str) -> None:
            src = label.split(":")[0] if not label.startswith("http") else label.split("#")[0]
            progress.update(task, description=f"{label} {outcome}")
            if src in sources and src not in done_sources:
                done_sources.add(src)
                progress.advance(task)

        summary = ingest(sources, store, options, on_item=on_item)
    for e in summary.errors:
        err.print(f"[red]failed:[/red] {e.one_line()}", markup=True)
    out.print(
        f"ingested {summary.ingested}, new versions {summary.new_versions}, unchanged {summary.unchanged}, "
        f"failed {summary.failed}"
    )
    if not summary.ok:
        sys.exit(EXIT_PARTIAL)


main.add_command(ingest_cmd, name="ingest")


@main.command(epilog=EXIT_CODES_HELP)
@db_option
@click.option("--all-versions", is_flag=True, help="Include superseded versions.")
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
@handle_errors
def docs(db: str | None, all_versions: bool, as_json: bool) -> None:
    """List stored documents."""
    rows = open_store(db).documents(latest_only=not all_versions)
    if as_json:
        for d in rows:
            click.echo(json.dumps({
                "id": d.doc_id, "uid": d.uid, "version": d.version, "title": d.title, "url": d.url,
                "published": d.published.isoformat() if d.published else None,
                "published_source": d.published_source, "words": len(d.body.split()),
            }, ensure_ascii=False))
        return
    table = Table("id", "ver", "published", "from", "title", "words")
    for d in rows:
        table.add_row(d.doc_id, str(d.version), d.published.isoformat() if d.published else "-",
                      d.published_source, (d.title or "")[:70], str(len(d.body.split())))
    out.print(table)
    out.print(f"{len(rows)} document(s)")


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("doc_id")
@db_option
@click.option("--raw", is_flag=True, help="Print the raw input instead of the cleaned body.")
@handle_errors
def show(doc_id: str, db: str | None, raw: bool) -> None:
    """Print one document's metadata and cleaned body."""
    d = open_store(db).document(doc_id)
    for key, value in (
        ("id", d.doc_id), ("version", d.version), ("source", d.source), ("format", d.format), ("url", d.url),
        ("title", d.title), ("author", d.author), ("publisher", d.publisher),
        ("published", f"{d.published} ({d.published_source})" if d.published else f"- ({d.published_source})"),
        ("language", d.language), ("ingested", d.ingested_at),
    ):
        click.echo(f"{key + ':':11s}{value if value is not None else '-'}")
    click.echo("")
    click.echo(d.raw if raw else d.body)


if __name__ == "__main__":
    main()
