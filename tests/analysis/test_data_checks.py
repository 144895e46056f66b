"""Analysis says what it used, what it left out and why, and refuses what the data cannot support."""

from __future__ import annotations

import csv
import datetime as dt
import json
import time

import numpy as np
import pytest
from click.testing import CliRunner

from flashpoint.analysis.data import check_enough, for_point_process, load_store
from flashpoint.analysis.event_table import AnalysisEvent, side_of
from flashpoint.analysis.hawkes import HawkesExpKernel
from flashpoint.analysis.hawkes_simulate import forecast
from flashpoint.analysis.reciprocity import reciprocity
from flashpoint.cli import main
from flashpoint.errors import AnalysisError
from tests.factories import build, mention

MILITIA, US = "Kata'ib Hezbollah", "United States"


def strict_json(text: str) -> object:
    def bad(token: str) -> None:
        raise ValueError(f"not JSON: {token}")

    return json.loads(text, parse_constant=bad)


@pytest.fixture
def store(tmp_path):
    day = dt.date(2024, 1, 1)
    ms = []
    for k in range(6):  # militia attacks on U.S. forces, each answered two days later
        ms.append(mention(2 * k, (day + dt.timedelta(days=10 * k)).isoformat(), MILITIA, US))
        ms.append(mention(2 * k + 1, (day + dt.timedelta(days=10 * k + 2)).isoformat(), US, MILITIA))
    ms += [
        mention(20, "2024-03-15", None, US),  # no reported actor
        mention(21, "2024-03-16", None, US),
        mention(22, None, MILITIA, US),  # no date
        mention(23, "2024-03-20", US, MILITIA, event_type="THREATEN"),
        mention(24, "2024-03-25", MILITIA, US, country="SYR"),
    ]
    return build(tmp_path / "a.db", ms)


def test_used_and_left_out_by_reason(store):
    inp = load_store(store.engine)
    r = inp.report
    assert r.selected == 17 and r.used == 13
    assert r.dropped == {"actor not reported": 2, "no date": 1, "not an attack (THREATEN)": 1}
    assert any("2 of 15 attacks" in w and "--assign-unattributed" in w for w in r.warnings)
    assert not r.assumptions
    text = "\n".join(r.lines())
    assert "13 event(s) used of 17" in text and "2 actor not reported" in text


def test_assigning_unattributed_attacks_is_explicit(store):
    inp = load_store(store.engine, assign_unattributed=True)
    assert inp.report.used == 15 and "actor not reported" not in inp.report.dropped
    assigned = [e for e in inp.events if e.assigned]
    assert len(assigned) == 2 and {e.actor_side for e in assigned} == {side_of(MILITIA)}
    (said,) = inp.report.assumptions
    assert "2 attack(s)" in said and "the profile opposes" in said and "7 of the 7 attributed attacks" in said
    assert "--assign-unattributed" in said


def test_attacks_on_a_party_outside_the_sides_are_not_assigned(tmp_path):
    ms = [mention(1, "2024-01-01", MILITIA, US), mention(2, "2024-01-09", None, "Iraq")]
    inp = load_store(build(tmp_path / "b.db", ms).engine, assign_unattributed=True)
    assert not inp.report.assumptions
    assert inp.report.dropped["actor not reported (and no side's forces targeted)"] == 1


def test_rejected_events_are_left_out_and_counted(store):
    from flashpoint.store.events import event_rows, review_event
    from flashpoint.store.review import Session

    victim = next(r for r in event_rows(store.engine) if r["date"] == "2024-01-01")
    review_event(store.engine, Session("ana", "analyst", "x"), victim["id"], "reject", reason="duplicate report")
    inp = load_store(store.engine)
    assert inp.report.dropped["rejected by an analyst"] == 1 and inp.report.used == 12
    assert victim["id"] not in {e.id for e in inp.events}


def test_filters_restrict_and_are_reported(store):
    inp = load_store(store.engine, since=dt.date(2024, 1, 15), until=dt.date(2024, 3, 31), country="IRQ")
    assert all(dt.date(2024, 1, 15) <= e.date <= dt.date(2024, 3, 31) for e in inp.events)
    assert inp.report.filters == {"since": "2024-01-15", "until": "2024-03-31", "country": "IRQ"}
    assert "SYR" not in {e.id for e in inp.events} and inp.report.used < 13


def test_month_precision_is_an_interval_not_the_first_day(tmp_path):
    a, b = side_of(MILITIA), side_of(US)
    ms = [mention(1, "2024-01-20", MILITIA, US), mention(2, "2024-02-01", US, MILITIA, precision="month")]
    inp = load_store(build(tmp_path / "c.db", ms).engine)
    month = next(e for e in inp.events if e.date_precision == "month")
    assert (month.lo, month.hi) == (12.0, 40.0)  # 1 to 29 February, from 20 January
    (row,) = [r for r in reciprocity(inp.events) if r.dyad == f"{a} -> {b}"]
    assert row.delay_ranges == [(12.0, 40.0)] and row.median_delay == pytest.approx(26.0)  # not 12 (the 1st)
    assert row.answered_within[14] == 0 and row.possibly_within[14] == 1.0  # possibly, not surely, within 14 d
    point = for_point_process(inp)
    assert point.report.dropped["month-precision date (too coarse for a point process)"] == 1
    assert [e.date_precision for e in point.events] == ["day"]


@pytest.mark.parametrize("assign", [False, True])
@pytest.mark.parametrize("freq", ["D", "W"])
def test_series_counted_in_sql_equal_the_series_of_the_loaded_events(store, freq, assign):
    from flashpoint.analysis.data import store_series
    from flashpoint.analysis.reciprocity import dyad_series
    from flashpoint.store.events import event_rows, review_event
    from flashpoint.store.review import Session

    victim = next(r for r in event_rows(store.engine) if r["date"] == "2024-01-11")
    review_event(store.engine, Session("ana", "analyst", "x"), victim["id"], "reject", reason="duplicate report")
    for kw in ({}, {"since": dt.date(2024, 1, 15), "country": "IRQ"}):
        inp = load_store(store.engine, assign_unattributed=assign, **kw)
        points, report = store_series(store.engine, freq, assign_unattributed=assign, **kw)
        assert points == dyad_series(inp.events, freq) and points
        assert report.as_dict() == inp.report.as_dict()
        assert report.dropped["rejected by an analyst"] == (0 if kw else 1)


def test_too_little_data_is_refused_with_the_reasons(store):
    inp = load_store(store.engine)
    with pytest.raises(AnalysisError, match="13 usable event.*at least 20.*actor not reported"):
        check_enough(inp, "a Hawkes fit")
    res = CliRunner().invoke(main, ["analyze", "hawkes", "--db", str(store.engine.url.database)])
    assert res.exit_code == 3 and "needs at least 20" in res.output


def test_explosive_forecast_stops_instead_of_running_for_ever():
    model = HawkesExpKernel(1.0).fit([np.array([1.0, 2.0, 3.0]), np.array([1.5, 2.5])])
    model.kernel_adjacency_ = np.full((1, 2, 2), 3.0)  # every event triggers six more: explosive
    model.spectral_radius_ = 6.0
    started = time.monotonic()
    with pytest.raises(AnalysisError, match="explosive"):
        forecast(model, [np.array([1.0, 2.0, 3.0]), np.array([1.5, 2.5])], 60, n_sims=50, max_events=5000)
    assert time.monotonic() - started < 30  # bounded (not a speed test: an unbounded run never ends)


def test_forecast_time_budget_runs_fewer_simulations_and_says_so():
    model = HawkesExpKernel(1.0).fit([np.array([1.0, 5.0, 9.0]), np.array([2.0, 6.0])])
    fc = forecast(model, [np.array([1.0, 5.0, 9.0]), np.array([2.0, 6.0])], 7, n_sims=10_000,
                  deadline=time.monotonic() - 1)
    assert fc.n_sims == 10 and fc.stopped_early and fc.now == 9.0


def _synthetic_csv(path, n=60, seed=3):
    rng = np.random.default_rng(seed)
    a, b = side_of(MILITIA), side_of(US)
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "actor", "target"])
        day = dt.date(2024, 1, 1)
        for _ in range(n):
            day += dt.timedelta(days=int(rng.integers(1, 5)))
            w.writerow([day.isoformat(), *((MILITIA, US) if rng.random() < 0.5 else (US, MILITIA))])
    return a, b


def test_forecast_prints_its_window_and_writes_strict_json(tmp_path):
    _synthetic_csv(tmp_path / "e.csv")
    res = CliRunner().invoke(main, ["analyze", "forecast", "--events", str(tmp_path / "e.csv"), "--days", "7",
                                    "--json", "--out", str(tmp_path / "f")])
    assert res.exit_code == 0, res.output
    data = strict_json(res.output[res.output.index("{"):])
    win = data["window"]
    assert dt.date.fromisoformat(win["start"]) - dt.date.fromisoformat(win["last_event_day"]) == dt.timedelta(days=1)
    assert dt.date.fromisoformat(win["end"]) - dt.date.fromisoformat(win["last_event_day"]) == dt.timedelta(days=7)
    assert data["simulations"] >= 10 and data["data"]["used"] == 60
    for name in ("forecast.json",):
        strict_json((tmp_path / "f" / name).read_text())
    res = CliRunner().invoke(main, ["analyze", "hawkes", "--events", str(tmp_path / "e.csv"), "--out", str(tmp_path / "h")])
    assert res.exit_code == 0, res.output
    fit = strict_json((tmp_path / "h" / "hawkes.json").read_text())
    assert fit["data"]["used"] == 60 and "warnings" in fit and "small data" in " ".join(fit["warnings"])


def test_weekly_plot_keeps_empty_weeks_empty():
    from flashpoint.analysis.plots import series_axes
    from flashpoint.analysis.reciprocity import dyad_series

    d = dt.date(2024, 1, 1)
    evs = [AnalysisEvent("a", 0, "X -> Y", date=d), AnalysisEvent("b", 70, "X -> Y", date=d + dt.timedelta(days=70))]
    fig, ax = series_axes(dyad_series(evs), "W")
    assert not [ln for ln in ax.get_lines() if len(ln.get_xdata()) > 1]  # no line drawn across the gap
    lo, hi = ax.get_xlim()
    assert hi - lo >= 70  # the x axis is time: the ten empty weeks take their place
