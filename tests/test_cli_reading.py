"""Clear words for user mistakes on the command line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from flashpoint.analysis.event_table import side_of
from flashpoint.cli import main
from tests.factories import build, mention


@pytest.mark.parametrize("args", [["events"], ["event", "ev-123456"], ["export", "OUT"], ["tallies", "--check"],
                                  ["docs"], ["show", "doc-1"], ["fuse"], ["analyze", "reciprocity"],
                                  ["analyze", "forecast"]])
def test_a_read_command_on_a_missing_store_is_an_error(tmp_path, args):
    db = tmp_path / "typo" / "flashpoint.db"
    args = [str(tmp_path / "out") if a == "OUT" else a for a in args]
    res = CliRunner().invoke(main, [*args, "--db", str(db)])
    assert res.exit_code == 3 and "no store at" in res.output, res.output
    assert not db.exists() and not db.parent.exists()  # nothing created


@pytest.fixture
def db(tmp_path):
    store = build(tmp_path / "c.db", [
        mention(1, "2024-01-10", "Kata'ib Hezbollah", "United States", country="IRQ"),
        mention(2, "2024-01-12", "Harakat Hezbollah al-Nujaba", "United States", country="SYR"),
        mention(3, "2024-01-14", "United States", "Iran", country="IRQ"),
    ])
    return str(store.engine.url.database)


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_filter_values_are_checked_with_suggestions(db):
    res = run("events", "--db", db, "--type", "ATTACK")
    assert res.exit_code == 3 and "unknown event type 'ATTACK'" in res.output and "ASSAULT" in res.output
    res = run("events", "--db", db, "--country", "Irak")
    assert res.exit_code == 3 and "unknown country" in res.output and "IRQ" in res.output
    res = run("events", "--db", db, "--mode", "drones")
    assert res.exit_code == 3 and "did you mean drone" in res.output
    res = run("events", "--db", db, "--side", "Kataib Hezbolah")
    assert res.exit_code == 3 and "did you mean" in res.output
    res = run("events", "--db", db, "--since", "2024-02-01", "--until", "2024-01-01")
    assert res.exit_code == 3 and "after" in res.output


def test_country_names_and_sides_with_their_members(db):
    res = run("events", "--db", db, "--country", "Iraq", "--format", "json")
    assert res.exit_code == 0 and len(res.output.splitlines()) == 2
    militia_side = side_of("Kata'ib Hezbollah")
    res = run("events", "--db", db, "--side", militia_side, "--format", "json")
    got = [json.loads(line) for line in res.output.splitlines()]
    assert len(got) == 3  # its groups' attacks and the strike on Iran, a state of that side
    res = run("events", "--db", db, "--side", "Islamic Resistance in Iraq", "--format", "json")
    assert len(res.output.splitlines()) == 2  # a front covers its member groups
    res = run("events", "--db", db, "--side", "Iran-backed militias", "--format", "json")
    assert len(res.output.splitlines()) == 2  # a collective term covers the armed groups of its side
