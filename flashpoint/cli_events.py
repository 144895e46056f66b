"""Commands over fused events: events, event, fuse, export, tallies."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click
from rich.table import Table
from rich.text import Text

from flashpoint.cli_common import EXIT_CODES_HELP, db_option, handle_errors, out, profile_option
from flashpoint.export import EXPORT_FORMATS, flat_event, format_range, rows_to_csv
from flashpoint.store import open_store


def _figure(c: dict[str, Any]) -> str:
    if not c or (c.get("best") is None and c.get("low") is None):
        return ""
    rng = format_range({"low": c.get("low"), "high": c.get("high")})
    best = c.get("best")
    text = str(best) if str(best) == rng else f"{best} [{rng}]"
    return text + (" !" if c.get("disputed") else "")


def _query(since: Any, until: Any, country: str | None, side: str | None, event_type: str | None, mode: str | None,
           min_sources: int | None, search: str | None, limit: int | None) -> Any:
    from flashpoint.evaluate import canonical_actor
    from flashpoint.store.events import EventQuery

    return EventQuery(since=since.date() if since else None, until=until.date() if until else None, country=country,
                      side=canonical_actor(side) if side else None, event_type=event_type, mode=mode,
                      min_sources=min_sources, text=search, limit=limit)


def filter_options(fn: Any) -> Any:
    for opt in reversed([
        profile_option,
        click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Events on or after this day."),
        click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Events on or before this day."),
        click.option("--country", default=None, help="ISO3 country code, e.g. IRQ."),
        click.option("--side", default=None, help="An actor or target, e.g. 'United States'."),
        click.option("--type", "event_type", default=None, help="Event type, e.g. ASSAULT."),
        click.option("--mode", default=None, help="Mode, e.g. drone."),
        click.option("--min-sources", type=int, default=None, help="At least this many independent publishers."),
        click.option("--search", default=None, help="Text in the event or its evidence sentences."),
        click.option("--limit", type=int, default=None),
    ]):
        fn = opt(fn)
    return fn


@click.command(epilog=EXIT_CODES_HELP)
@db_option
@click.option("--format", "out_format", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--mentions", "per_report", is_flag=True, help="List each report's mentions instead of fused events.")
@filter_options
@handle_errors
def events(db: str | None, out_format: str, per_report: bool, **filters: Any) -> None:
    """List fused events: one per real-world event, with source counts and disputed fields (marked !)."""
    from flashpoint.export import flat_record, to_csv
    from flashpoint.store.events import event_rows
    from flashpoint.store.extractions import EventFilter, mention_records

    store = open_store(db)
    q = _query(**filters)
    if per_report:
        rows = mention_records(store.engine, EventFilter(q.since, q.until, q.country, q.side, q.event_type, q.limit))
        if out_format == "csv":
            click.echo(to_csv(rows), nl=False)
        elif out_format == "json":
            for r in rows:
                click.echo(json.dumps(flat_record(r), ensure_ascii=False))
        else:
            table = Table("date", "type", "mode", "actor", "target", "place", "killed", "injured", "report")
            for r in rows:
                table.add_row(str(r["date"] or "-"), r["event_type"], r["mode"] or "", r["actor"] or "?",
                              r["target"] or "?", f"{r['location'] or ''} {r['country'] or ''}".strip(),
                              format_range(r["fatalities"]), format_range(r["injured"]), r["doc_id"])
            out.print(table)
            out.print(f"{len(rows)} mention(s)")
        return
    rows = event_rows(store.engine, q)
    if out_format == "json":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    if out_format == "csv":
        click.echo(rows_to_csv([flat_event(r) for r in rows]), nl=False)
        return
    out.print(events_table(rows))
    out.print(f"{len(rows)} event(s); ! = sources disagree (see `flashpoint event ID`)")


def events_table(rows: list[dict[str, Any]]) -> Table:
    table = Table("id", "date", "type", "mode", "actor", "target", "place", "killed", "injured", "sources", "disputed")
    for r in rows:
        table.add_row(
            r["id"][:11], f"{r['date'] or '-'} {(r['date_precision'] or '')[:3]}", r["event_type"], r["mode"] or "",
            r["actor"] or "?", r["target"] or "?", f"{r['location'] or ''} {r['country'] or ''}".strip(),
            _figure(r["fatalities"]), _figure(r["injured"]), f"{r['n_publishers']}/{r['n_documents']}",
            ", ".join(sorted(r["disputed"])),
        )
    return table


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("event_id")
@db_option
@click.option("--json", "as_json", is_flag=True)
@handle_errors
def event(event_id: str, db: str | None, as_json: bool) -> None:
    """Show one fused event: its reading, every source's sentence and figures, retaliation links."""
    from flashpoint.fuse.consensus import event_record
    from flashpoint.fuse.mentions import figure_dict
    from flashpoint.store.events import fused_event, links_of

    store = open_store(db)
    e = fused_event(store.engine, event_id)
    rec = event_record(e)
    links = links_of(store.engine, e.id)
    rec["retaliation_links"] = [vars(lk) for lk in links]
    if as_json:
        click.echo(json.dumps(rec, ensure_ascii=False, indent=1))
        return
    out.print(Text.assemble((e.id, "bold"), f"  {e.event_type} {e.mode or ''}  {e.date or '-'} ({e.date_precision or '-'})"))
    out.print(f"{e.actor or '?'} -> {e.target or '?'}  at {e.location or '-'} {e.country or ''}"
              f"  ({e.latitude}, {e.longitude})" if e.latitude is not None else
              f"{e.actor or '?'} -> {e.target or '?'}  at {e.location or '-'} {e.country or ''}")
    out.print(f"killed {_figure(rec['fatalities']) or '-'}   injured {_figure(rec['injured']) or '-'}   "
              f"sources {e.n_publishers} publisher(s), {e.n_documents} report(s), {e.n_mentions} mention(s)")
    for c in e.claims:
        out.print(f"{c.kind}: {c.actor} ({c.doc_id})")
    for field, values in e.disputed.items():
        out.print(Text.assemble((f"disputed {field}:", "yellow"), f" {' vs '.join(values)}"))
    table = Table("report", "publisher", "published", "date", "actor", "target", "place", "killed", "injured", "sentence")
    for m in e.mentions:
        table.add_row(m.doc_id, m.publisher or m.source_key, str(m.published or "-"), str(m.date or "-"),
                      m.actor or "?", m.target or "?", m.location or "", format_range(figure_dict(m.fatalities)),
                      format_range(figure_dict(m.injured)), m.evidence)
    out.print(table)
    for lk in links:
        direction = "answers" if lk.from_event == e.id else "answered by"
        other = lk.to_event if lk.from_event == e.id else lk.from_event
        out.print(f"retaliation: {direction} {other or '(unresolved)'}: {lk.text!r}")


@click.command(epilog=EXIT_CODES_HELP)
@db_option
@click.option("--rebuild", is_flag=True, help="Re-cluster every block, not only the changed ones.")
@handle_errors
def fuse(db: str | None, rebuild: bool) -> None:
    """Fuse stored mentions into events (ingest does this; use it after changing the rules)."""
    from flashpoint.store.events import update_events

    s = update_events(open_store(db).engine, rebuild=rebuild)
    out.print(f"re-clustered {len(s.blocks)} block(s): {s.mentions} mention(s) -> {s.events} event(s); "
              f"retaliation links {s.resolved_links} resolved of {s.links}")


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("out_dir", type=click.Path(file_okay=False))
@db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="csv", show_default=True)
@filter_options
@handle_errors
def export(out_dir: str, db: str | None, fmt: str, **filters: Any) -> None:
    """Write the event and mention tables to OUT_DIR (CSV, JSON lines, Parquet or GeoJSON)."""
    from flashpoint.export import write_tables
    from flashpoint.fuse.consensus import event_record
    from flashpoint.store.events import event_rows, fused_events

    store = open_store(db)
    rows = event_rows(store.engine, _query(**filters))
    full = [event_record(e) for e in fused_events(store.engine, [r["id"] for r in rows])]
    for path in write_tables(out_dir, fmt, full):
        out.print(f"wrote {path}")


@click.command(epilog=EXIT_CODES_HELP)
@db_option
@click.option("--json", "as_json", is_flag=True)
@click.option("--check", is_flag=True, help="Compare each count with the matching events in the store.")
@handle_errors
def tallies(db: str | None, as_json: bool, check: bool) -> None:
    """List the running counts (tallies) stated in stored reports; --check measures the store against them."""
    from flashpoint.fuse.tally_check import check_tallies
    from flashpoint.store.events import event_rows
    from flashpoint.store.extractions import tally_records

    store = open_store(db)
    rows = tally_records(store.engine)
    checks = check_tallies(rows, event_rows(store.engine)) if check else []
    if as_json:
        for i, r in enumerate(rows):
            if check:
                c = checks[i]
                r = {**r, "check": {"measure": c.measure, "actor": c.actor, "target": c.target,
                                    "in_store": c.in_store, "ratio": c.ratio, "note": c.note}}
            click.echo(json.dumps(r, ensure_ascii=False, default=_json_default))
        return
    cols = ["count", "qualifier", "what", "where", "since", "until", "source"]
    table = Table(*cols, *(["in store", "ratio"] if check else []))
    for i, r in enumerate(rows):
        extra = []
        if check:
            c = checks[i]
            extra = ["-" if c.in_store is None else f"{c.in_store:g}", "-" if c.ratio is None else f"{c.ratio:.0%}"]
        table.add_row(str(r["count"]), r["qualifier"], r["what"][:50], ",".join(r["where"]), r["since"] or "",
                      r["until"] or "", r["doc_id"], *extra)
    out.print(table)


def _json_default(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    raise TypeError(type(v).__name__)


COMMANDS = [events, event, fuse, export, tallies]
