"""`flashpoint ingest --workers N | --cluster tcp://HOST:8786 [--parquet DIR]`: the CLI side of `distributed`."""

from __future__ import annotations

import sys
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from flashpoint.cli_common import EXIT_PARTIAL, err, out
from flashpoint.cli_common import report as report_failure


def ingest_distributed(sources: list[str], *, db: str | None, parquet_dir: str | None, cluster: str | None,
                       workers: int | None, spacy_model: str | None, options: Any, quiet: bool,
                       no_extract: bool) -> None:
    from flashpoint.distributed import ingest_on_cluster

    if no_extract:
        raise click.UsageError("--no-extract works without --workers/--cluster")
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, disable=quiet or not err.is_terminal, transient=True)
    tasks: dict[str, Any] = {}

    def on_progress(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = progress.add_task(stage, total=total)
        progress.update(tasks[stage], completed=done)

    with progress:
        s = ingest_on_cluster(sources, db=db, parquet_dir=parquet_dir, cluster=cluster, workers=workers,
                              spacy_model=spacy_model, options=options, on_progress=on_progress)
    for e in s.errors:
        report_failure("failed", e)
    out.print(f"ingested {s.ingested}, new versions {s.new_versions}, "
              + (f"reverted {s.reverted}, " if s.reverted else "")
              + f"unchanged {s.unchanged}, failed {s.failed} ({s.partitions} partition(s))")
    out.print(f"fused {s.blocks} block(s): {s.events} event(s) written")
    if parquet_dir:
        out.print(f"wrote Parquet under {parquet_dir}")
    if not s.ok:
        sys.exit(EXIT_PARTIAL)
