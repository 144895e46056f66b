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
from flashpoint.ingest import FORMATS, ReadOptions, ingest, iter_items
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
@click.option("--no-extract", is_flag=True, help="Store documents only; do not extract events.")
@click.option("--spacy-model", default=None, help="A spaCy pipeline with a parser to run before the rules.")
@handle_errors
def ingest_cmd(sources: tuple[str, ...], db: str | None, fmt: str, allow_private: bool, max_bytes: int,
               timeout: float, quiet: bool, no_extract: bool, spacy_model: str | None) -> None:
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

        after_save = None if no_extract else _extract_and_store(spacy_model)
        summary = ingest(sources, store, options, on_item=on_item, after_save=after_save)
    for e in summary.errors:
        err.print(f"[red]failed:[/red] {e.one_line()}", markup=True)
    out.print(
        f"ingested {summary.ingested}, new versions {summary.new_versions}, unchanged {summary.unchanged}, "
        f"failed {summary.failed}"
    )
    if not summary.ok:
        sys.exit(EXIT_PARTIAL)


main.add_command(ingest_cmd, name="ingest")


def _extract_and_store(spacy_model: str | None) -> Callable[..., None]:
    from flashpoint.nlp.pipeline import Extractor
    from flashpoint.store.extractions import save_extraction

    extractor = Extractor(spacy_model)

    def run(doc: Any, conn: Any) -> None:
        save_extraction(conn, doc.uid, extractor(doc))

    return run


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("sources", nargs=-1, required=True)
@click.option("--format", "out_format", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--input-format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="Write here instead of stdout.")
@click.option("--spacy-model", default=None, help="A spaCy pipeline with a parser to run before the rules.")
@click.option("--allow-private", is_flag=True, help="Allow fetching URLs on loopback/private/link-local addresses.")
@handle_errors
def extract(sources: tuple[str, ...], out_format: str, fmt: str, output: str | None, spacy_model: str | None,
            allow_private: bool) -> None:
    """Extract events and tallies from SOURCES without a database (GUIDE §8 records with doc_id)."""
    from flashpoint.export import to_csv, to_jsonl
    from flashpoint.nlp.pipeline import Extractor

    extractor = Extractor(spacy_model)
    records: list[dict[str, Any]] = []
    failed = 0
    for _, item in iter_items(sources, ReadOptions(format=fmt, allow_private=allow_private)):
        if isinstance(item, FlashpointError):
            err.print(f"[red]failed:[/red] {item.one_line()}", markup=True)
            failed += 1
            continue
        records.extend(extractor(item).records())
    if out_format == "csv":
        events = [r for r in records if r.get("kind") != "tally"]
        text = to_csv(events)
    else:
        text = to_jsonl(records)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        click.echo(text, nl=False)
    if failed:
        sys.exit(EXIT_PARTIAL)


@main.command(epilog=EXIT_CODES_HELP)
@db_option
@click.option("--format", "out_format", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Events on or after this day.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Events on or before this day.")
@click.option("--country", default=None, help="ISO3 country code, e.g. IRQ.")
@click.option("--side", default=None, help="An actor or target, e.g. 'United States'.")
@click.option("--type", "event_type", default=None, help="Event type, e.g. ASSAULT.")
@click.option("--limit", type=int, default=None)
@handle_errors
def events(db: str | None, out_format: str, since: Any, until: Any, country: str | None, side: str | None,
           event_type: str | None, limit: int | None) -> None:
    """List stored events (as extracted from each document)."""
    from flashpoint.evaluate import canonical_actor
    from flashpoint.export import flat_record, format_range, to_csv
    from flashpoint.store.extractions import EventFilter, mention_records

    f = EventFilter(since.date() if since else None, until.date() if until else None, country,
                    canonical_actor(side) if side else None, event_type, limit)
    rows = mention_records(open_store(db).engine, f)
    if out_format == "csv":
        click.echo(to_csv(rows), nl=False)
        return
    if out_format == "json":
        for r in rows:
            click.echo(json.dumps(flat_record(r), ensure_ascii=False))
        return
    table = Table("date", "type", "mode", "actor", "target", "place", "killed", "injured", "source")
    for r in rows:
        table.add_row(str(r["date"] or "-"), r["event_type"], r["mode"] or "", r["actor"] or "?", r["target"] or "?",
                      f"{r['location'] or ''} {r['country'] or ''}".strip(), format_range(r["fatalities"]),
                      format_range(r["injured"]), r["doc_id"])
    out.print(table)
    out.print(f"{len(rows)} event(s)")


@main.command(epilog=EXIT_CODES_HELP)
@click.option("--gold", "gold_dir", type=click.Path(file_okay=False), required=True, help="Directory of ID.json gold files.")
@click.option("--pred", type=click.Path(dir_okay=False), default=None, help="Predictions JSONL (GUIDE §8).")
@click.argument("sources", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@handle_errors
def evaluate(gold_dir: str, pred: str | None, sources: tuple[str, ...], as_json: bool) -> None:
    """Score predictions (--pred FILE, or extraction of SOURCES) against gold annotations."""
    from pathlib import Path

    from flashpoint.evaluate import load_gold, load_predictions, score
    from flashpoint.nlp.pipeline import Extractor

    if bool(pred) == bool(sources):
        raise click.UsageError("give either --pred FILE or SOURCES to extract")
    gold = load_gold(Path(gold_dir))
    if pred:
        records = load_predictions(Path(pred))
    else:
        extractor = Extractor()
        records = []
        for _, item in iter_items(sources):
            if isinstance(item, FlashpointError):
                err.print(f"[red]failed:[/red] {item.one_line()}", markup=True)
                continue
            records.extend(extractor(item).records())
    report = score(gold, records)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=1))
        return
    click.echo(f"documents: {report.documents}")
    for name in ("all", "ASSAULT", "verbal", "strict"):
        c = report.tiers[name]
        click.echo(f"{name:8s} P {c.precision:.2f}  R {c.recall:.2f}  F1 {c.f1:.2f}  (tp {c.tp} fp {c.fp} fn {c.fn})")
    fields = report.as_dict()["fields"]
    click.echo("fields  " + "  ".join(f"{k} {v:.2f}" for k, v in fields.items() if v is not None))
    t = report.tallies
    click.echo(f"tallies  P {t.precision:.2f}  R {t.recall:.2f}  (tp {t.tp} fp {t.fp} fn {t.fn})")
    click.echo(report.headline())


@main.command(epilog=EXIT_CODES_HELP)
@db_option
@click.option("--json", "as_json", is_flag=True)
@handle_errors
def tallies(db: str | None, as_json: bool) -> None:
    """List the running counts (tallies) stated in stored reports."""
    from flashpoint.store.extractions import tally_records

    rows = tally_records(open_store(db).engine)
    if as_json:
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    table = Table("count", "qualifier", "what", "where", "since", "until", "source")
    for r in rows:
        table.add_row(str(r["count"]), r["qualifier"], r["what"][:50], ",".join(r["where"]), r["since"] or "",
                      r["until"] or "", r["doc_id"])
    out.print(table)


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
