"""`flashpoint analyze reciprocity|hawkes|forecast`: over the store or a user's event table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.table import Table
from rich.text import Text

from flashpoint.cli_common import EXIT_CODES_HELP, db_option, handle_errors, out, profile_option


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
        click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
                     help="Write JSON, PNG and HTML results here."),
    ]):
        fn = opt(fn)
    return fn


def _load(db: str | None, events_file: str | None, time_col: str, type_col: str | None, actor_col: str,
          target_col: str, sequence_col: str | None) -> list[Any]:
    from flashpoint.analysis.event_table import from_file, from_store

    if events_file:
        # with a node column the dyad columns are not needed
        dyads = {"actor_col": actor_col, "target_col": target_col} if type_col is None else {}
        return from_file(events_file, time_col=time_col, type_col=type_col, sequence_col=sequence_col, **dyads)
    from flashpoint.store import open_store

    return from_store(open_store(db).engine)


@click.group()
def analyze() -> None:
    """Escalation analysis: reciprocity, Hawkes processes, forecasts and scenarios."""


@analyze.command(epilog=EXIT_CODES_HELP)
@source_options
@click.option("--json", "as_json", is_flag=True)
@handle_errors
def reciprocity(db: str | None, events_file: str | None, time_col: str, type_col: str | None, actor_col: str,
                target_col: str, sequence_col: str | None, out_dir: str | None, as_json: bool) -> None:
    """Who answers whom and how fast: delays, shares answered within k days, stated vs timing-only."""
    from flashpoint.analysis import reciprocity as rc
    from flashpoint.store import open_store
    from flashpoint.store.events import answered_by

    events = _load(db, events_file, time_col, type_col, actor_col, target_col, sequence_col)
    links = answered_by(open_store(db).engine) if not events_file else {}
    rows = rc.reciprocity(events, links)
    data = [r.as_dict() for r in rows]
    if out_dir:
        _write_reciprocity(Path(out_dir), events, rows, data)
    if as_json:
        click.echo(json.dumps(data, indent=1))
        return
    out.print(reciprocity_table(rows))


def reciprocity_table(rows: list[Any]) -> Table:
    table = Table("dyad", "actions", "answered <=1d", "<=3d", "<=7d", "<=14d", "median delay", "stated", "timing only",
                  "intensity", "trend /30d")
    for r in rows:
        w = r.answered_within
        table.add_row(r.dyad, str(r.actions), *(f"{w.get(k, 0):.0%}" for k in (1, 3, 7, 14)),
                      "-" if r.median_delay is None else f"{r.median_delay:g} d", str(r.stated), str(r.timing_only),
                      f"{r.mean_intensity:.1f}",
                      "-" if r.intensity_trend_per_30d is None else f"{r.intensity_trend_per_30d:+.2f} (p {r.trend_p_value:.2f})")
    return table


def _write_reciprocity(d: Path, events: list[Any], rows: list[Any], data: list[dict[str, Any]]) -> None:
    from flashpoint.analysis import plots
    from flashpoint.analysis.reciprocity import dyad_series

    d.mkdir(parents=True, exist_ok=True)
    series = dyad_series(events)
    (d / "reciprocity.json").write_text(json.dumps({"dyads": data, "series": [vars(p) for p in series]}, indent=1))
    imgs = [plots.series_plot(series, d / "dyad_series.png"), plots.delay_plot(rows, d / "response_delays.png")]
    plots.html_report("Reciprocity", [("dyads", json.dumps(data, indent=1))], imgs, d / "reciprocity.html")
    out.print(f"wrote {d / 'reciprocity.json'}, {d / 'reciprocity.html'} and PNG plots")


def hawkes_options(fn: Any) -> Any:
    for opt in reversed([
        click.option("--decay", default="auto", show_default=True,
                     help="Kernel decay per time unit, or 'auto' (profile likelihood)."),
        click.option("--end-time", type=float, default=None, help="End of every history (default: its last event)."),
    ]):
        fn = opt(fn)
    return fn


def _fit(events: list[Any], decay: str, end_time: float | None) -> Any:
    from flashpoint.analysis.fitting import fit_hawkes
    from flashpoint.errors import ConfigError

    try:
        value: float | str = decay if decay == "auto" else float(decay)
    except ValueError:
        raise ConfigError(f"--decay {decay!r} is not a number", "give a positive number or 'auto'")
    return fit_hawkes(events, value, end_time=end_time)


@analyze.command(epilog=EXIT_CODES_HELP)
@source_options
@hawkes_options
@click.option("--json", "as_json", is_flag=True, help="Print nodes, baseline, adjacency, decay and loglik as JSON.")
@handle_errors
def hawkes(db: str | None, events_file: str | None, time_col: str, type_col: str | None, actor_col: str,
           target_col: str, sequence_col: str | None, out_dir: str | None, decay: str, end_time: float | None,
           as_json: bool) -> None:
    """Fit a multivariate exponential Hawkes process (exact maximum likelihood)."""
    events = _load(db, events_file, time_col, type_col, actor_col, target_col, sequence_col)
    result = _fit(events, decay, end_time)
    if out_dir:
        _write_hawkes(Path(out_dir), result)
    if as_json:
        click.echo(json.dumps(result.summary()))
        return
    for line in hawkes_lines(result):
        out.print(line)


def hawkes_lines(result: Any) -> list[Any]:
    d = result.details()
    m = result.model
    lines: list[Any] = []
    if result.small_data:
        lines.append(Text(f"small data: {result.n_events} events; the estimates are rough, read the intervals", "yellow"))
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
                 f"{d['spectral_radius']:.2f} ({'stable' if d['spectral_radius'] < 1 else 'explosive'}); loglik {d['loglik']:.2f}")
    if d["ks_p_value"] is not None:
        lines.append(f"time-rescaling KS {d['ks_statistic']:.3f}, p = {d['ks_p_value']:.2f}")
    lines.append("adjacency[i][j]: expected node-i events triggered by one node-j event")
    return lines


def _write_hawkes(d: Path, result: Any) -> None:
    from flashpoint.analysis import plots

    d.mkdir(parents=True, exist_ok=True)
    (d / "hawkes.json").write_text(json.dumps(result.details(), indent=1))
    imgs = []
    if result.goodness:
        imgs.append(plots.qq_plot(result.goodness.residuals, result.nodes, d / "hawkes_qq.png"))
    plots.html_report("Hawkes fit", [("fit", json.dumps(result.details(), indent=1))], imgs, d / "hawkes.html")
    out.print(f"wrote {d / 'hawkes.json'} and {d / 'hawkes.html'}")


@analyze.command(epilog=EXIT_CODES_HELP)
@source_options
@hawkes_options
@click.option("--days", type=float, default=14.0, show_default=True, help="Forecast horizon.")
@click.option("--sims", type=int, default=2000, show_default=True, help="Monte Carlo runs.")
@click.option("--json", "as_json", is_flag=True)
@handle_errors
def forecast(db: str | None, events_file: str | None, time_col: str, type_col: str | None, actor_col: str,
             target_col: str, sequence_col: str | None, out_dir: str | None, decay: str, end_time: float | None,
             days: float, sims: int, as_json: bool) -> None:
    """Forecast events per node for the next DAYS, with intervals, and two scenarios against it."""
    from flashpoint.analysis.fitting import forecast_dyads, standard_scenarios

    events = _load(db, events_file, time_col, type_col, actor_col, target_col, sequence_col)
    result = _fit(events, decay, end_time)
    fc = forecast_dyads(result, days, n_sims=sims)
    scen = standard_scenarios(result, days, n_sims=sims)
    data = {"nodes": result.nodes, "horizon": days, "mean": fc.mean.tolist(), "low": fc.low.tolist(),
            "high": fc.high.tolist(), "level": fc.level,
            "scenarios": [{"name": s.name, "mean": s.scenario.mean.tolist(), "difference": s.difference.tolist()}
                          for s in scen]}
    if out_dir:
        from flashpoint.analysis import plots

        dd = Path(out_dir)
        dd.mkdir(parents=True, exist_ok=True)
        (dd / "forecast.json").write_text(json.dumps(data, indent=1))
        img = plots.forecast_plot(fc, result.nodes, dd / "forecast.png")
        plots.html_report("Forecast", [("forecast", json.dumps(data, indent=1))], [img], dd / "forecast.html")
    if as_json:
        click.echo(json.dumps(data))
        return
    out.print(forecast_table(result.nodes, fc, scen))


def forecast_table(nodes: list[str], fc: Any, scen: list[Any]) -> Table:
    table = Table("node", f"next {fc.horizon:g} days (mean)", f"{fc.level:.0%} interval", *[s.name for s in scen])
    for i, n in enumerate(nodes):
        table.add_row(n, f"{fc.mean[i]:.1f}", f"{fc.low[i]:g}-{fc.high[i]:g}",
                      *[f"{s.scenario.mean[i]:.1f} ({s.difference[i]:+.1f})" for s in scen])
    return table
