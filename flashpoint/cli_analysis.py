"""`flashpoint analyze reciprocity|hawkes|forecast`: over the store or a user's event table.

Every command says what it ran on: events used, events left out by reason, assumptions and warnings
(flashpoint.analysis.data), and refuses a model the data cannot support.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import click
from rich.table import Table
from rich.text import Text

from flashpoint.cli_common import EXIT_CODES_HELP, db_option, err, handle_errors, out, profile_option
from flashpoint.export import dumps


def source_options(fn: Any) -> Any:
    for opt in reversed([
        db_option,
        profile_option,
        click.option("--events", "events_file", type=click.Path(dir_okay=False), default=None,
                     help="A CSV or Parquet event table instead of the store."),
        click.option("--time-col", default="date", show_default=True, help="Time column (numbers or YYYY-MM-DD dates)."),
        click.option("--type-col", default=None, help="Node column (default: the actor -> target dyad)."),
        click.option("--actor-col", default="actor", show_default=True),
        click.option("--target-col", default="target", show_default=True),
        click.option("--sequence-col", default=None, help="Independent histories fitted jointly."),
        click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Store events on or after this day."),
        click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Store events on or before this day."),
        click.option("--country", default=None, help="Store events in this country (ISO3 code or name)."),
        click.option("--assign-unattributed", is_flag=True,
                     help="Give an attack with no reported actor on a side's forces to the opposing side of the "
                          "profile (off by default; stated in the output)."),
        click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
                     help="Write JSON, PNG and HTML results here."),
    ]):
        fn = opt(fn)
    return fn


def _load(db: str | None, events_file: str | None, time_col: str, type_col: str | None, actor_col: str,
          target_col: str, sequence_col: str | None, since: Any = None, until: Any = None, country: str | None = None,
          assign_unattributed: bool = False) -> Any:
    from flashpoint.analysis.data import load_file, load_store
    from flashpoint.errors import ConfigError

    if events_file:
        if since or until or country or assign_unattributed:
            raise ConfigError("--since/--until/--country/--assign-unattributed apply to the store",
                              "filter the event table before passing it with --events")
        # with a node column the dyad columns are not needed
        dyads = {"actor_col": actor_col, "target_col": target_col} if type_col is None else {}
        return load_file(events_file, time_col=time_col, type_col=type_col, sequence_col=sequence_col, **dyads)
    from flashpoint import vocab
    from flashpoint.store import open_store

    return load_store(open_store(db, must_exist=True).engine, since=since.date() if since else None,
                      until=until.date() if until else None, country=vocab.country(country) if country else None,
                      assign_unattributed=assign_unattributed)


def _print_report(report: Any) -> None:
    for line in report.lines():
        style = "yellow" if line.startswith("warning") else "dim" if line.startswith("left out") else ""
        out.print(Text(line, style))


@click.group()
def analyze() -> None:
    """Escalation analysis: reciprocity, Hawkes processes, forecasts and scenarios."""


@analyze.command(epilog=EXIT_CODES_HELP)
@source_options
@click.option("--json", "as_json", is_flag=True)
@handle_errors
def reciprocity(db: str | None, events_file: str | None, out_dir: str | None, as_json: bool, **src: Any) -> None:
    """Who answers whom and how fast: delays, shares answered within k days, stated vs timing-only."""
    from flashpoint.analysis import reciprocity as rc
    from flashpoint.errors import AnalysisError
    from flashpoint.store import open_store
    from flashpoint.store.events import answered_by

    inp = _load(db, events_file, **src)
    if not inp.events:
        left = "; ".join(f"{n} {r}" for r, n in inp.report.dropped.most_common())
        raise AnalysisError("no events with a date and two known sides to analyse" + (f" (left out: {left})" if left else ""),
                            "ingest reports, widen the filters or use --assign-unattributed")
    links = answered_by(open_store(db, must_exist=True).engine) if not events_file else {}
    rows = rc.reciprocity(inp.events, links)
    for r in rows:
        inp.report.warnings += [f"{r.dyad}: {w}" for w in r.warnings]
    data = reciprocity_data(inp, rows)
    if out_dir:
        _write_reciprocity(Path(out_dir), inp.events, rows, data)
    if as_json:
        click.echo(dumps(data, indent=1))
        return
    _print_report(inp.report)
    out.print(reciprocity_table(rows))


def reciprocity_data(inp: Any, rows: list[Any]) -> dict[str, Any]:
    return {"data": inp.report.as_dict(), "dyads": [r.as_dict() for r in rows],
            "events": [{"id": e.id, "date": e.date, "date_precision": e.date_precision, "node": e.node,
                        "assigned_actor": e.assigned} for e in inp.events]}


def _share(r: Any, k: int) -> str:
    lo, hi = r.answered_within.get(k, 0), r.possibly_within.get(k, r.answered_within.get(k, 0))
    return f"{lo:.0%}" if abs(hi - lo) < 1e-9 else f"{lo:.0%}-{hi:.0%}"


def reciprocity_table(rows: list[Any]) -> Table:
    table = Table("dyad", "actions", "answered <=1d", "<=3d", "<=7d", "<=14d", "median delay", "stated", "timing only",
                  "intensity", "trend /30d")
    for r in rows:
        delay = "-" if r.median_delay is None else f"{r.median_delay:g} d"
        if r.median_delay_range and r.median_delay_range[0] != r.median_delay_range[1]:
            delay += f" ({r.median_delay_range[0]:g}-{r.median_delay_range[1]:g})"
        table.add_row(r.dyad, str(r.actions), *(_share(r, k) for k in (1, 3, 7, 14)), delay, str(r.stated),
                      str(r.timing_only), f"{r.mean_intensity:.1f}",
                      "-" if r.intensity_trend_per_30d is None else f"{r.intensity_trend_per_30d:+.2f} (p {r.trend_p_value:.2f})")
    return table


def _write_reciprocity(d: Path, events: list[Any], rows: list[Any], data: dict[str, Any]) -> None:
    from flashpoint.analysis import plots
    from flashpoint.analysis.reciprocity import dyad_series

    d.mkdir(parents=True, exist_ok=True)
    series = dyad_series(events)
    (d / "reciprocity.json").write_text(dumps({**data, "series": [vars(p) for p in series]}, indent=1))
    imgs = [plots.series_plot(series, d / "dyad_series.png"), plots.delay_plot(rows, d / "response_delays.png")]
    plots.html_report("Reciprocity", [("data", "\n".join(_report_lines(data["data"]))),
                                      ("dyads", dumps(data["dyads"], indent=1))], imgs, d / "reciprocity.html")
    out.print(f"wrote {d / 'reciprocity.json'}, {d / 'reciprocity.html'} and PNG plots")


def _report_lines(report: dict[str, Any]) -> list[str]:
    from flashpoint.analysis.data import DataReport

    r = DataReport(report["source"], report["filters"], report["selected"], report["used"])
    r.dropped.update(report["dropped"])
    r.assumptions, r.warnings = report["assumptions"], report["warnings"]
    return r.lines()


def hawkes_options(fn: Any) -> Any:
    for opt in reversed([
        click.option("--decay", default="auto", show_default=True,
                     help="Kernel decay per time unit, or 'auto' (profile likelihood)."),
        click.option("--end-time", type=float, default=None, help="End of every history (default: its last event)."),
        click.option("--min-events", type=int, default=None,
                     help="Refuse below this many events (default 20, and 5 per dyad); lowering it is at your own risk."),
    ]):
        fn = opt(fn)
    return fn


def _fit(inp: Any, decay: str, end_time: float | None, min_events: int | None) -> tuple[Any, Any]:
    from flashpoint.analysis.fitting import fit_checked
    from flashpoint.errors import ConfigError

    try:
        value: float | str = decay if decay == "auto" else float(decay)
    except ValueError:
        raise ConfigError(f"--decay {decay!r} is not a number", "give a positive number or 'auto'")
    return fit_checked(inp, value, end_time=end_time, min_events=min_events)


@analyze.command(epilog=EXIT_CODES_HELP)
@source_options
@hawkes_options
@click.option("--json", "as_json", is_flag=True, help="Print nodes, baseline, adjacency, decay and loglik as JSON, with the data report.")
@handle_errors
def hawkes(db: str | None, events_file: str | None, out_dir: str | None, decay: str, end_time: float | None,
           min_events: int | None, as_json: bool, **src: Any) -> None:
    """Fit a multivariate exponential Hawkes process (exact maximum likelihood)."""
    inp = _load(db, events_file, **src)
    point, result = _fit(inp, decay, end_time, min_events)
    if out_dir:
        _write_hawkes(Path(out_dir), result, point)
    if as_json:
        click.echo(dumps({**result.summary(), "data": point.report.as_dict(), "warnings": result.warnings()}))
        return
    _print_report(point.report)
    for line in hawkes_lines(result):
        out.print(line)


def hawkes_lines(result: Any) -> list[Any]:
    d = result.details()
    m = result.model
    lines: list[Any] = []
    table = Table("node", "events", "baseline /day (95% CI)", *[f"from {n}" for n in result.nodes])
    for i, n in enumerate(result.nodes):
        lo, hi = d["baseline_95"][i]
        cells = []
        for j in range(len(result.nodes)):
            se = m.adjacency_se_[i, j]
            cells.append(f"{m.adjacency_[i, j]:.3f}" + (f" ± {1.96 * se:.3f}" if se == se else " (at 0)"))
        lines_ci = f"{m.baseline_[i]:.3f} ({lo if lo is None else max(lo, 0):.3f}-{hi:.3f})" if hi is not None else f"{m.baseline_[i]:.3f}"
        table.add_row(n, str(int(m.n_events_[i])), lines_ci, *cells)
    lines.append(table)
    lines.append(f"decay {d['decay']:.3g}/day (half-life {d['half_lives'][0]:.2g} days); spectral radius "
                 f"{d['spectral_radius']:.2f} ({'stable' if d['spectral_radius'] < 1 else 'explosive: see the warning'}); "
                 f"loglik {d['loglik']:.2f}")
    if d["ks_p_value"] is not None:
        lines.append(f"time-rescaling KS {d['ks_statistic']:.3f}, p = {d['ks_p_value']:.2f}")
    lines.append("adjacency[i][j]: expected node-i events triggered by one node-j event")
    return lines


def _write_hawkes(d: Path, result: Any, point: Any) -> None:
    from flashpoint.analysis import plots

    d.mkdir(parents=True, exist_ok=True)
    data = {**result.details(), "data": point.report.as_dict()}
    (d / "hawkes.json").write_text(dumps(data, indent=1))
    imgs = []
    if result.goodness:
        imgs.append(plots.qq_plot(result.goodness.residuals, result.nodes, d / "hawkes_qq.png"))
    plots.html_report("Hawkes fit", [("data", "\n".join(point.report.lines())), ("fit", dumps(data, indent=1))], imgs,
                      d / "hawkes.html")
    out.print(f"wrote {d / 'hawkes.json'} and {d / 'hawkes.html'}")


def forecast_window(point: Any, fc: Any) -> dict[str, Any]:
    """The forecast window: (now, now + horizon] in the data's time, and as dates when the data has dates."""
    dated = next((e for e in point.events if e.date is not None), None)
    out: dict[str, Any] = {"after_time": fc.now, "until_time": fc.now + fc.horizon}
    if dated is not None:
        origin = dated.date - dt.timedelta(days=dated.time)
        cut = origin + dt.timedelta(days=fc.now)
        out.update(last_event_day=cut.isoformat(), start=(cut + dt.timedelta(days=1)).isoformat(),
                   end=(cut + dt.timedelta(days=fc.horizon)).isoformat())
    return out


@analyze.command(epilog=EXIT_CODES_HELP)
@source_options
@hawkes_options
@click.option("--days", type=float, default=14.0, show_default=True, help="Forecast horizon.")
@click.option("--sims", type=int, default=200, show_default=True, help="Monte Carlo runs (at most; see --max-seconds).")
@click.option("--max-seconds", type=float, default=20.0, show_default=True,
              help="Time budget for the simulations; fewer runs are made (and said) when it is spent.")
@click.option("--json", "as_json", is_flag=True)
@handle_errors
def forecast(db: str | None, events_file: str | None, out_dir: str | None, decay: str, end_time: float | None,
             min_events: int | None, days: float, sims: int, max_seconds: float, as_json: bool, **src: Any) -> None:
    """Forecast events per dyad for the DAYS after the last event, with intervals, and two scenarios."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from flashpoint.analysis.fitting import forecast_dyads, standard_scenarios
    from flashpoint.errors import AnalysisError, ConfigError

    if days <= 0 or sims < 10 or max_seconds <= 0:
        raise ConfigError("--days and --max-seconds must be positive and --sims at least 10", "check the options")
    inp = _load(db, events_file, **src)
    point, result = _fit(inp, decay, end_time, min_events)
    if result.explosive:
        raise AnalysisError(f"the fitted process is explosive (spectral radius {result.model.spectral_radius_:.2f} >= 1): "
                            f"a forecast from it would grow without bound and mean nothing "
                            f"({point.report.used} events used)", "fit on more data (see `analyze hawkes`)")
    started = time.monotonic()
    deadline = started + max_seconds
    progress = Progress(TextColumn("[bold]forecast"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                        TimeElapsedColumn(), console=err, disable=not err.is_terminal, transient=True)
    with progress:
        task = progress.add_task("simulations", total=5 * sims)

        def step(_: int) -> None:
            progress.advance(task)

        fc = forecast_dyads(result, days, n_sims=sims, deadline=deadline, on_progress=step)
        scen = standard_scenarios(result, days, n_sims=fc.n_sims, deadline=deadline, on_progress=step, baseline=fc)
    elapsed = time.monotonic() - started
    runs = min([fc.n_sims, *(s.scenario.n_sims for s in scen)])
    if runs < sims:
        point.report.warnings.append(f"time budget of {max_seconds:g} s spent: {runs} of {sims} simulations ran; "
                                     "the intervals are rougher (raise --max-seconds for more)")
    window = forecast_window(point, fc)
    data = {"nodes": result.nodes, "horizon": days, "window": window, "mean": fc.mean.tolist(), "low": fc.low.tolist(),
            "high": fc.high.tolist(), "level": fc.level, "simulations": runs, "seconds": round(elapsed, 2),
            "scenarios": [{"name": s.name, "mean": s.scenario.mean.tolist(), "difference": s.difference.tolist()}
                          for s in scen],
            "data": point.report.as_dict(), "warnings": point.report.warnings}
    if out_dir:
        from flashpoint.analysis import plots

        dd = Path(out_dir)
        dd.mkdir(parents=True, exist_ok=True)
        (dd / "forecast.json").write_text(dumps(data, indent=1))
        img = plots.forecast_plot(fc, result.nodes, dd / "forecast.png")
        plots.html_report("Forecast", [("data", "\n".join(point.report.lines())), ("forecast", dumps(data, indent=1))],
                          [img], dd / "forecast.html")
    if not err.is_terminal:
        err.print(f"forecast: {runs} simulation(s) per run in {elapsed:.1f} s")
    if as_json:
        click.echo(dumps(data))
        return
    _print_report(point.report)
    if "start" in window:
        out.print(f"window: {window['start']} to {window['end']} ({days:g} days after the last event used, "
                  f"{window['last_event_day']})")
    else:
        out.print(f"window: time {window['after_time']:g} to {window['until_time']:g}")
    out.print(forecast_table(result.nodes, fc, scen))


def forecast_table(nodes: list[str], fc: Any, scen: list[Any]) -> Table:
    table = Table("node", f"next {fc.horizon:g} days (mean)", f"{fc.level:.0%} interval", *[s.name for s in scen])
    for i, n in enumerate(nodes):
        table.add_row(n, f"{fc.mean[i]:.1f}", f"{fc.low[i]:g}-{fc.high[i]:g}",
                      *[f"{s.scenario.mean[i]:.1f} ({s.difference[i]:+.1f})" for s in scen])
    return table
