"""Commands over fused events: events, event, fuse, export, tallies."""

from __future__ import annotations

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
           min_sources: int | None, search: str | None, limit: int | None, status: str | None = None,
           engine: Any = None) -> Any:
    from flashpoint.filters import event_query

    return event_query(since=since.date() if since else None, until=until.date() if until else None, country=country,
                       side=side, event_type=event_type, mode=mode, min_sources=min_sources, text=search,
                       status=status, limit=limit, engine=engine)


def filter_options(fn: Any) -> Any:
    from flashpoint.filters import STATUS_CHOICES

    for opt in reversed([
        profile_option,
        click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Events on or after this day."),
        click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Events on or before this day."),
        click.option("--country", default=None, help="ISO3 code or English name, e.g. IRQ or Iraq."),
        click.option("--side", default=None,
                     help="A side ('Iran-aligned') or an actor ('United States'); covers the side's or front's members."),
        click.option("--type", "event_type", default=None, help="Event type, e.g. ASSAULT."),
        click.option("--mode", default=None, help="Mode, e.g. drone."),
        click.option("--min-sources", type=int, default=None, help="At least this many independent publishers."),
        click.option("--search", default=None, help="Text in the event or its evidence sentences."),
        click.option("--status", default=None, type=click.Choice(STATUS_CHOICES),
                     help="Review status (default: every event not rejected)."),
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
    """List events as reviewed: one per real-world event, with source counts, disputed fields (marked !)
    and review status; corrected values are shown (the machine's reading is in `event ID` and the JSON)."""
    from flashpoint.export import dumps, flat_record, to_csv
    from flashpoint.store.events import event_rows, with_mentions
    from flashpoint.store.extractions import EventFilter, mention_records

    store = open_store(db, must_exist=True)
    q = _query(**filters, engine=store.engine)
    if per_report:
        side = next(iter(sorted(q.sides))) if q.sides and len(q.sides) == 1 else None
        rows = mention_records(store.engine, EventFilter(q.since, q.until, q.country, side, q.event_type, q.limit))
        if q.sides and side is None:
            rows = [r for r in rows if r["actor"] in q.sides or r["target"] in q.sides]
        if out_format == "csv":
            click.echo(to_csv(rows), nl=False)
        elif out_format == "json":
            for r in rows:
                click.echo(dumps(flat_record(r)))
        else:
            table = Table("date", "type", "mode", "actor", "target", "place", "killed", "injured", "report")
            for r in rows:
                table.add_row(str(r["date"] or "-"), r["event_type"], r["mode"] or "", r["actor"] or "?",
                              r["target"] or "?", f"{r['location'] or ''} {r['country'] or ''}".strip(),
                              format_range(r["fatalities"]), format_range(r["injured"]), r["doc_id"])
            out.print(table)
            out.print(f"{len(rows)} mention(s) (as extracted, before fusion and review)")
        return
    rows = event_rows(store.engine, q)
    if out_format == "json":
        for r in rows:
            click.echo(dumps(r))
        return
    if out_format == "csv":
        click.echo(rows_to_csv([flat_event(r) for r in with_mentions(store.engine, rows)]), nl=False)
        return
    out.print(events_table(rows))
    out.print(f"{len(rows)} event(s); ! = sources disagree; * = corrected by an analyst (see `flashpoint event ID`)")


_STATUS_MARK = {"unreviewed": "", "confirmed": "confirmed", "corrected": "corrected", "rejected": "REJECTED"}


def events_table(rows: list[dict[str, Any]]) -> Table:
    table = Table("id", "date", "type", "mode", "actor", "target", "place", "killed", "injured", "sources", "disputed",
                  "review")
    for r in rows:
        fixed = set((r.get("review") or {}).get("corrected") or [])

        def mark(field: str, text: str, fixed: set[str] = fixed) -> str:
            return text + ("*" if field in fixed else "")

        table.add_row(
            r["id"][:11], mark("date", f"{r['date'] or '-'} {(r['date_precision'] or '')[:3]}"),
            mark("event_type", r["event_type"]), mark("mode", r["mode"] or ""), mark("actor", r["actor"] or "?"),
            mark("target", r["target"] or "?"), mark("location", f"{r['location'] or ''} {r['country'] or ''}".strip()),
            mark("fatalities", _figure(r["fatalities"])), mark("injured", _figure(r["injured"])),
            f"{r['n_publishers']}/{r['n_documents']}", ", ".join(sorted(r["disputed"])),
            _STATUS_MARK.get((r.get("review") or {}).get("status", "unreviewed"), ""),
        )
    return table


def _shown(field: str, value: Any) -> str:
    if field in ("fatalities", "injured"):
        return _figure(value) or "-"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "-"
    return "-" if value is None else str(value)


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("event_id")
@db_option
@click.option("--json", "as_json", is_flag=True)
@handle_errors
def event(event_id: str, db: str | None, as_json: bool) -> None:
    """Show one event as reviewed: its values (and the machine's reading of corrected ones), every source's
    sentence and figures, claims, retaliation links, the review status and audit trail."""
    from flashpoint.export import dumps
    from flashpoint.store.events import reviewed_event

    store = open_store(db, must_exist=True)
    rec = reviewed_event(store.engine, event_id)
    if as_json:
        click.echo(dumps(rec, indent=1))
        return
    review = rec.get("review") or {}
    out.print(Text.assemble((rec["id"], "bold"), f"  {rec['event_type']} {rec['mode'] or ''}  {rec['date'] or '-'} "
                            f"({rec['date_precision'] or '-'})   review: {review.get('status', 'unreviewed')}"))
    where = f"{rec['actor'] or '?'} -> {rec['target'] or '?'}  at {rec['location'] or '-'} {rec['country'] or ''}"
    if rec.get("latitude") is not None:
        where += f"  ({rec['latitude']}, {rec['longitude']})"
    out.print(where)
    out.print(f"killed {_figure(rec['fatalities']) or '-'}   injured {_figure(rec['injured']) or '-'}   "
              f"sources {rec['n_publishers']} publisher(s), {rec['n_documents']} report(s), {rec['n_mentions']} mention(s)")
    for field in review.get("corrected") or []:
        out.print(Text.assemble((f"corrected {field}:", "cyan"), f" {_shown(field, rec.get(field))} (machine: "
                                f"{_shown(field, (review.get('machine') or {}).get(field))})"))
    for c in rec.get("claims") or []:
        out.print(f"{c['kind']}: {c['actor']} ({c['doc_id']})")
    for field, values in (rec.get("disputed") or {}).items():
        out.print(Text.assemble((f"disputed {field}:", "yellow"), f" {' vs '.join(values)}"))
    table = Table("report", "publisher", "published", "date", "actor", "target", "place", "killed", "injured", "sentence")
    for m in rec["mentions"]:
        table.add_row(m["doc_id"], m.get("publisher") or "", str(m.get("published") or "-"), str(m.get("date") or "-"),
                      m.get("actor") or "?", m.get("target") or "?", m.get("location") or "", format_range(m["fatalities"]),
                      format_range(m["injured"]), m["evidence"])
    out.print(table)
    for lk in rec["retaliation_links"]:
        direction = "answers" if lk["from_event"] == rec["id"] else "answered by"
        other = lk["to_event"] if lk["from_event"] == rec["id"] else lk["from_event"]
        out.print(f"retaliation: {direction} {other or '(unresolved)'}: {lk['text']!r}")
    for a in reversed(rec.get("audit") or []):
        out.print(f"audit {a['at']} {a['username']} {a['action']}{' ' + a['field'] if a['field'] else ''}: "
                  f"{json.dumps(a['before'])} -> {json.dumps(a['after'])}  ({a.get('reason') or 'no reason given'})")


@click.command(epilog=EXIT_CODES_HELP)
@db_option
@click.option("--rebuild", is_flag=True, help="Re-cluster every block, not only the changed ones.")
@handle_errors
def fuse(db: str | None, rebuild: bool) -> None:
    """Fuse stored mentions into events (ingest does this; use it after changing the rules)."""
    from flashpoint.store.events import update_events

    s = update_events(open_store(db, must_exist=True).engine, rebuild=rebuild)
    out.print(f"re-clustered {len(s.blocks)} block(s): {s.mentions} mention(s) -> {s.events} event(s); "
              f"retaliation links {s.resolved_links} resolved of {s.links}")


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("out_dir", type=click.Path(file_okay=False))
@db_option
@click.option("--format", "fmt", type=click.Choice([*EXPORT_FORMATS, "all"]), default="csv", show_default=True,
              help="csv: events/mentions/sources/tallies tables; json: one flashpoint.json; parquet; geojson; "
                   "acled: ACLED's columns; plover: PLOVER-style JSON lines; all: every format.")
@filter_options
@handle_errors
def export(out_dir: str, db: str | None, fmt: str, **filters: Any) -> None:
    """Write the reviewed events, their mentions, sources and tallies to OUT_DIR."""
    from flashpoint.export import dataset, write_dataset
    from flashpoint.filters import describe

    store = open_store(db, must_exist=True)
    q = _query(**filters, engine=store.engine)
    data = dataset(store.engine, q, filters=describe(q, filters.get("side")))
    for path in write_dataset(out_dir, fmt, data):
        out.print(f"wrote {path}")
    c = data.meta["counts"]
    out.print(f"{c['events']} event(s), {c['mentions']} mention(s), {c['sources']} source(s), {c['tallies']} tally(ies); "
              "values as reviewed")


@click.command(epilog=EXIT_CODES_HELP)
@db_option
@click.option("--json", "as_json", is_flag=True)
@click.option("--check", is_flag=True, help="Compare each count with the matching events in the store.")
@handle_errors
def tallies(db: str | None, as_json: bool, check: bool) -> None:
    """List the running counts (tallies) stated in stored reports; --check measures the store against them
    and explains each ratio (a single event's casualty figure, or a part of a breakdown, is not compared)."""
    from flashpoint.export import dumps
    from flashpoint.fuse.tally_check import check_tallies, event_figures
    from flashpoint.store.events import tally_counter
    from flashpoint.store.extractions import tally_records

    store = open_store(db, must_exist=True)
    rows = tally_records(store.engine)
    checks = []
    if check:  # counted in SQL, each distinct question once
        figures = event_figures(store.engine, sorted({r["doc_id"] for r in rows}))
        checks = check_tallies(rows, [], figures, counter=tally_counter(store.engine))
    if as_json:
        for i, r in enumerate(rows):
            click.echo(dumps({**r, "check": checks[i].as_dict()} if check else r))
        return
    cols = ["count", "qualifier", "what", "where", "since", "until", "source"]
    table = Table(*cols, *(["in store", "ratio", "how to read it"] if check else []))
    for i, r in enumerate(rows):
        extra = []
        if check:
            c = checks[i]
            ratio = "-" if c.ratio is None else f"{c.ratio:.0%}"
            if c.by_country:
                ratio += " (" + ", ".join(f"{k} {'-' if v['ratio'] is None else format(v['ratio'], '.0%')}"
                                          for k, v in c.by_country.items()) + ")"
            extra = ["-" if c.in_store is None else f"{c.in_store:g}", ratio, c.note or c.explanation]
        table.add_row(str(r["count"]), r["qualifier"], r["what"][:50], ",".join(r["where"]), r["since"] or "",
                      r["until"] or "", r["doc_id"], *extra)
    out.print(table)


COMMANDS = [events, event, fuse, export, tallies]
