"""The `flashpoint` command: parse options, call the library, map errors to messages and exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from flashpoint import __version__
from flashpoint.cli_common import (
    EXIT_CODES_HELP,
    EXIT_ERROR,
    EXIT_PARTIAL,
    db_option,
    err,
    handle_errors,
    internal_error,
    models_option,
    one_line,
    out,
    profile_option,
)
from flashpoint.cli_common import report as report_failure
from flashpoint.errors import FlashpointError
from flashpoint.ingest import FORMATS
from flashpoint.ingest.raw import MAX_BYTES
from flashpoint.store import open_store


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
@models_option
@click.option("--workers", type=click.IntRange(1, 512), default=None,
              help="Extract and fuse on a local Dask cluster of this many processes.")
@click.option("--cluster", default=None, metavar="tcp://HOST:8786",
              help="Extract and fuse on this Dask scheduler's workers (they must see the inputs and the store).")
@click.option("--parquet", "parquet_dir", type=click.Path(file_okay=False), default=None,
              help="With --workers/--cluster: write documents, mentions and events as Parquet here, not to a store.")
@profile_option
@handle_errors
def ingest_cmd(sources: tuple[str, ...], db: str | None, fmt: str, allow_private: bool, max_bytes: int,
               timeout: float, quiet: bool, no_extract: bool, spacy_model: str | None, models: str | None,
               workers: int | None, cluster: str | None, parquet_dir: str | None) -> None:
    """Ingest SOURCES (files: HTML, text, JSONL, RSS/Atom; or http(s) URLs) into the store.

    The same content ingested twice is stored once; a changed page at the same URL
    is stored as a new version and the old one kept. A failed source is reported
    and the batch goes on. With --workers or --cluster the corpus is partitioned and
    extracted and fused in parallel on Dask; the events are those of a single-process run.
    """
    from flashpoint.ingest import ReadOptions, ingest

    options = ReadOptions(format=fmt, allow_private=allow_private, max_bytes=max_bytes, timeout=timeout)
    if workers or cluster or parquet_dir:
        from flashpoint.cli_cluster import ingest_distributed

        ingest_distributed(list(sources), db=db, parquet_dir=parquet_dir, cluster=cluster, workers=workers,
                           spacy_model=spacy_model, options=options, quiet=quiet, no_extract=no_extract)
        return
    store = open_store(db)
    progress = Progress(
        TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}", markup=False),
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

        def on_error(e: FlashpointError) -> None:
            progress.console.print(Text.assemble(("failed:", "red"), " ", one_line(e.one_line())))

        after_save = None if no_extract else _extract_and_store(spacy_model, models)
        summary = ingest(sources, store, options, on_item=on_item, on_error=on_error, after_save=after_save)
    out.print(
        f"ingested {summary.ingested}, new versions {summary.new_versions}, "
        + (f"reverted {summary.reverted}, " if summary.reverted else "")
        + f"unchanged {summary.unchanged}, failed {summary.failed}"
    )
    if summary.near_duplicates:
        out.print(f"near-duplicates: {summary.near_duplicates} report(s) repeat a stored one (syndicated copy): "
                  "each group counts as one source")
    if summary.not_english:
        langs = ", ".join(f"{lang} {n}" for lang, n in summary.not_english.most_common())
        err.print(Text.assemble(("not English:", "yellow"), f" {sum(summary.not_english.values())} report(s) ({langs}) "
                                "stored without events: the extraction rules read English reports"))
    if not no_extract:
        from flashpoint.store.events import update_events

        try:
            fused = update_events(store.engine)
        except FlashpointError as exc:
            report_failure("error", f"fusion failed: {exc.one_line()} (the documents are stored; run `flashpoint fuse`)")
            sys.exit(EXIT_ERROR)
        except Exception as exc:
            report_failure("error", "fusion failed; the documents are stored: run `flashpoint fuse` once this is fixed")
            internal_error(exc)
        if fused.blocks:
            out.print(f"fused {fused.mentions} mention(s) into {fused.events} event(s) in {len(fused.blocks)} block(s)")
    if not summary.ok:
        sys.exit(EXIT_PARTIAL)


main.add_command(ingest_cmd, name="ingest")


def _extract_one(extractor: Any, doc: Any, label: str) -> list[dict[str, Any]] | FlashpointError:
    """One document's records, or its failure as a one-line error naming the input (the batch goes on)."""
    from flashpoint.ingest.sources import unexpected

    try:
        return list(extractor(doc).records())
    except FlashpointError as exc:
        return exc if exc.source else type(exc)(exc.cause, exc.fix, source=label)
    except Exception as exc:
        return unexpected(exc, label)


def _extract_and_store(spacy_model: str | None, models: str | None = "shipped") -> Callable[..., None]:
    from flashpoint.store.extractions import ExtractAndStore

    return ExtractAndStore(spacy_model, models)


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("sources", nargs=-1, required=True)
@click.option("--format", "out_format", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--input-format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="Write here instead of stdout.")
@click.option("--spacy-model", default=None, help="A spaCy pipeline with a parser to run before the rules.")
@click.option("--allow-private", is_flag=True, help="Allow fetching URLs on loopback/private/link-local addresses.")
@models_option
@profile_option
@handle_errors
def extract(sources: tuple[str, ...], out_format: str, fmt: str, output: str | None, spacy_model: str | None,
            allow_private: bool, models: str | None) -> None:
    """Extract events and tallies from SOURCES without a database (GUIDE §8 records with doc_id)."""
    from flashpoint.export import to_csv, to_jsonl
    from flashpoint.ingest import ReadOptions, iter_items
    from flashpoint.nlp.pipeline import Extractor

    extractor = Extractor(spacy_model, models=models)
    records: list[dict[str, Any]] = []
    failed = 0
    for label, item in iter_items(sources, ReadOptions(format=fmt, allow_private=allow_private)):
        found = item if isinstance(item, FlashpointError) else _extract_one(extractor, item, label)
        if isinstance(found, FlashpointError):
            report_failure("failed", found.one_line())
            failed += 1
            continue
        records.extend(found)
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
@click.option("--gold", "gold_dir", type=click.Path(file_okay=False), required=True, help="Directory of ID.json gold files.")
@click.option("--pred", type=click.Path(dir_okay=False), default=None, help="Predictions JSONL (GUIDE §8).")
@click.argument("sources", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--components", is_flag=True, help="Also score each component: dates, figures and roles by kind, "
              "false events by cue (issue 11's yardsticks).")
@click.option("--cv", "folds", type=click.IntRange(2, 20), default=None,
              help="Cross-validate: train the models on all but one of K folds of SOURCES' documents, score that "
                   "fold, for each fold (needs scikit-learn: pip install 'flashpoint[train]').")
@models_option
@profile_option
@handle_errors
def evaluate(gold_dir: str, pred: str | None, sources: tuple[str, ...], as_json: bool, components: bool,
             folds: int | None, models: str | None) -> None:
    """Score predictions (--pred FILE, or extraction of SOURCES) against gold annotations.

    With --cv K, every document is extracted by models that were trained without it (document-level
    K-fold cross-validation): an estimate of quality on reports the models have not seen."""
    from flashpoint.evaluate import load_gold, load_predictions, score
    from flashpoint.ingest import iter_items
    from flashpoint.nlp.pipeline import Extractor

    if bool(pred) == bool(sources):
        raise click.UsageError("give either --pred FILE or SOURCES to extract")
    if folds and pred:
        raise click.UsageError("--cv extracts SOURCES itself; it takes no --pred")
    gold = load_gold(Path(gold_dir))
    texts: dict[str, str] = {}
    if folds:
        report, records, texts = _cross_validate(Path(gold_dir), sources, folds)
    elif pred:
        records = load_predictions(Path(pred))
    else:
        extractor = Extractor(models=models)
        records = []
        for label, item in iter_items(sources):
            found = item if isinstance(item, FlashpointError) else _extract_one(extractor, item, label)
            if isinstance(found, FlashpointError):
                report_failure("failed", found.one_line())
                continue
            texts[item.id] = item.body  # type: ignore[union-attr]
            records.extend(found)
    if not folds:
        report = score(gold, records)
    parts = None
    if components:
        from flashpoint.components import component_report

        parts = component_report(gold, records, texts)
    if as_json:
        click.echo(json.dumps({**report.as_dict(), **({"components": parts} if parts else {})}, indent=1))
        return
    click.echo(f"documents: {report.documents}")
    for name in ("all", "ASSAULT", "verbal", "strict"):
        c = report.tiers[name]
        click.echo(f"{name:8s} P {c.precision:.2f}  R {c.recall:.2f}  F1 {c.f1:.2f}  (tp {c.tp} fp {c.fp} fn {c.fn})")
    fields = report.as_dict()["fields"]
    click.echo("fields  " + "  ".join(f"{k} {v:.2f}" for k, v in fields.items() if v is not None))
    click.echo("types   " + "  ".join(f"{k} {v.f1:.2f}" for k, v in report.per_type().items()))
    t = report.tallies
    click.echo(f"tallies  P {t.precision:.2f}  R {t.recall:.2f}  (tp {t.tp} fp {t.fp} fn {t.fn})")
    if parts:
        for name, kinds in parts.items():
            if name == "false_events_by_cue":
                click.echo("false events by cue: " + ", ".join(f"{k} {n}" for k, n in kinds.items()))
            else:
                click.echo(f"{name}: " + ", ".join(f"{k} {v['accuracy']:.2f} (n {v['n']})" for k, v in kinds.items()))
    click.echo(report.headline() + (f" ({folds}-fold cross-validation)" if folds else ""))


def _cross_validate(gold_dir: Any, sources: tuple[str, ...], folds: int) -> Any:
    from flashpoint.errors import ConfigError
    from flashpoint.ontology.profile import active_profile

    try:
        from flashpoint.nlp import training
    except ImportError as exc:  # pragma: no cover - scikit-learn missing
        raise ConfigError(f"cross-validation needs scikit-learn ({exc})", "pip install 'flashpoint[train]'")
    samples = [s for src in sources for s in training.load_corpus(Path(src), gold_dir, active_profile())]
    if len(samples) < folds:
        raise ConfigError(f"{len(samples)} annotated document(s) for {folds} folds",
                          "give more documents with gold files, or fewer folds")
    records, reports = training.cross_validate(samples, folds)
    return reports[active_profile().name], records, {s.doc_id: s.ctx.text for s in samples}


@main.command(epilog=EXIT_CODES_HELP)
@db_option
@click.option("--all-versions", is_flag=True, help="Include superseded versions.")
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
@handle_errors
def docs(db: str | None, all_versions: bool, as_json: bool) -> None:
    """List stored documents."""
    rows = open_store(db, must_exist=True).documents(latest_only=not all_versions)
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
    d = open_store(db, must_exist=True).document(doc_id)
    for key, value in (
        ("id", d.doc_id), ("version", d.version), ("source", d.source), ("format", d.format), ("url", d.url),
        ("title", d.title), ("author", d.author), ("publisher", d.publisher),
        ("published", f"{d.published} ({d.published_source})" if d.published else f"- ({d.published_source})"),
        ("language", d.language), ("ingested", d.ingested_at),
    ):
        click.echo(f"{key + ':':11s}{value if value is not None else '-'}")
    click.echo("")
    click.echo(d.raw if raw else d.body)


def _register() -> None:
    from flashpoint import cli_events, cli_profile, cli_web
    from flashpoint.cli_analysis import analyze

    for cmd in [*cli_events.COMMANDS, *cli_web.COMMANDS, *cli_profile.COMMANDS]:
        main.add_command(cmd)
    main.add_command(analyze)


_register()

if __name__ == "__main__":
    main()
