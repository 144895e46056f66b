from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from click.testing import CliRunner

from flashpoint.analysis.event_table import AnalysisEvent, from_file
from flashpoint.analysis.reciprocity import dyad_series, intensity, reciprocity
from flashpoint.cli import main
from flashpoint.errors import AnalysisError
from tests.conftest import shared_path

A, B = "Iran-aligned -> United States", "United States -> Iran-aligned"


def ev(i: int, t: float, node: str, **kw) -> AnalysisEvent:
    return AnalysisEvent(id=f"e{i}", time=t, node=node, **kw)


def test_reciprocity_delays_shares_and_stated_links():
    events = [ev(1, 0, A), ev(2, 2, B), ev(3, 10, A), ev(4, 10, B), ev(5, 30, A)]
    rows = {r.dyad: r for r in reciprocity(events, links={"e1": {"e2"}})}
    a = rows[A]
    assert a.delays == [2.0, 0.0, None]  # a same-day answer counts; the last attack is unanswered
    assert a.answered_within[1] == pytest.approx(1 / 3) and a.answered_within[3] == pytest.approx(2 / 3)
    assert (a.stated, a.timing_only) == (1, 1)
    assert rows[B].delays == [8.0, 0.0]


def test_intensity_scale_and_trend():
    calm = ev(1, 0, A, event_type="ACCUSE")
    deadly = ev(2, 1, A, event_type="ASSAULT", mode="missile", fatalities=3)
    assert intensity(deadly) > intensity(calm)
    rising = [ev(i, float(i), A, fatalities=i) for i in range(6)]
    (row,) = reciprocity(rising)
    assert row.intensity_trend_per_30d is not None and row.intensity_trend_per_30d > 0


def test_weekly_series_counts_per_dyad():
    import datetime as dt

    d = dt.date(2024, 1, 3)  # a Wednesday
    events = [ev(1, 0, A, date=d), ev(2, 1, A, date=d + dt.timedelta(days=1)), ev(3, 6, A, date=d + dt.timedelta(days=6))]
    pts = dyad_series(events, "W")
    assert [(p.period, p.count) for p in pts] == [("2024-01-01", 2), ("2024-01-08", 1)]


def test_event_file_errors(tmp_path):
    bad = tmp_path / "e.csv"
    bad.write_text("t,node\n1.0,a\n")
    with pytest.raises(AnalysisError, match="no column 'time'"):
        from_file(str(bad), time_col="time", type_col="node")
    bad.write_text("t,node\nyesterday,a\n")
    with pytest.raises(AnalysisError, match="neither a number nor a date"):
        from_file(str(bad), time_col="t", type_col="node")


def test_cli_hawkes_json_on_the_tick_data(tmp_path):
    data = json.loads(shared_path("external", "hawkes", "tick_hawkes_3node_expkern_testdata.json").read_text())
    path = tmp_path / "events.csv"
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["t", "node", "seq"])
        for s, real in enumerate(data["decay_3.0"]["realizations"]):
            for n, times in enumerate(real):
                w.writerows([[t, f"n{n}", s] for t in times])
    res = CliRunner().invoke(main, ["analyze", "hawkes", "--events", str(path), "--time-col", "t", "--type-col", "node",
                                    "--sequence-col", "seq", "--decay", "3", "--json"])
    assert res.exit_code == 0, res.output
    got = json.loads(res.output)
    assert set(got) >= {"nodes", "baseline", "adjacency", "decay", "loglik", "data", "warnings"}
    assert got["nodes"] == ["n0", "n1", "n2"] and got["decay"] == 3
    assert np.allclose(got["baseline"], [0.3152, 0.9292, 0.8663], atol=0.005)


def test_cli_analysis_over_the_example_store(tmp_path):
    from tests.conftest import EXAMPLES

    db = str(tmp_path / "s.db")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", "--db", db, "-q", *map(str, sorted(EXAMPLES.iterdir()))]).exit_code == 0
    res = runner.invoke(main, ["analyze", "reciprocity", "--db", db, "--json", "--out", str(tmp_path / "r")])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output[res.output.index("{"):])
    assert {r["dyad"] for r in out["dyads"]} >= {A, B}
    assert out["data"]["used"] == len(out["events"]) and out["data"]["dropped"]
    assert (tmp_path / "r" / "dyad_series.png").stat().st_size > 1000
    # the example corpus is too small for a Hawkes model: refused, with the reasons
    res = runner.invoke(main, ["analyze", "forecast", "--db", db, "--days", "7", "--json"])
    assert res.exit_code == 3 and "needs at least" in res.output and "left out" in res.output
    res = runner.invoke(main, ["analyze", "hawkes", "--db", str(tmp_path / "empty.db")])
    assert res.exit_code == 3 and "no store at" in res.output and not (tmp_path / "empty.db").exists()
