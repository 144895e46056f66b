"""Review edits: typed and checked, with a reason, audited with their real before/after, applied everywhere."""

from __future__ import annotations

import pytest

from flashpoint.store.events import event_rows, review_event
from flashpoint.store.review import ReviewConflict, ReviewError, Session, apply_edits, audit, normalize
from tests.factories import build, mention

ANA = Session("ana", "analyst", "csrf")


@pytest.fixture
def store(tmp_path):
    return build(tmp_path / "r.db", [
        mention(1, "2024-01-10", "Kata'ib Hezbollah", "United States", killed=2, publisher="one"),
        mention(2, "2024-01-10", "Kata'ib Hezbollah", "United States", killed=3, publisher="two"),
        mention(3, "2024-01-20", "United States", "Kata'ib Hezbollah"),
    ])


@pytest.mark.parametrize("field,value,message", [
    ("fatalities", "lots", "must be a number"),
    ("fatalities", -1, "between 0"),
    ("fatalities", 2.5, "whole number"),
    ("fatalities", {"low": 5, "high": 2}, "above high"),
    ("claimed_by", "Kata'ib Hezbollah", "list of names"),
    ("date", "not-a-date", "not a date"),
    ("date", "2999-01-01", "plausible"),
    ("latitude", "abc", "must be a number"),
    ("latitude", 123.0, "outside"),
    ("event_type", "X" * 5000, "unknown event type"),
    ("event_type", "ATTACK", "unknown event type"),
    ("mode", "laser", "unknown mode"),
    ("country", "Atlantis", "unknown country"),
    ("actor", "Z" * 500, "at most 120"),
    ("actor", "12345", "not a name"),
    ("id", "x", "cannot be corrected"),
])
def test_bad_values_are_refused_with_the_reason(field, value, message):
    with pytest.raises(ReviewError, match=message):
        normalize(field, value)


def test_values_are_stored_in_their_canonical_form():
    assert normalize("country", "Iraq") == "IRQ" and normalize("country", "syr") == "SYR"
    assert normalize("event_type", "assault") == "ASSAULT" and normalize("mode", "Drone") == "drone"
    assert normalize("actor", "KH") == "Kata'ib Hezbollah"  # a known alias: the canonical name
    assert normalize("actor", "Brigade of the Example") == "Brigade of the Example"  # a free name is allowed
    assert normalize("fatalities", 4) == {"best": 4, "low": 4, "high": 4}
    assert normalize("fatalities", {"low": 3, "high": None}) == {"best": 3, "low": 3, "high": None}
    assert normalize("claimed_by", ["KH", "KH"]) == ["Kata'ib Hezbollah"]
    assert normalize("date", "2024-02-02") == "2024-02-02" and normalize("mode", None) is None


def test_an_edit_needs_a_reason(store):
    ev = event_rows(store.engine)[0]["id"]
    with pytest.raises(ReviewError, match="needs a reason"):
        review_event(store.engine, ANA, ev, "correct", "fatalities", 4)
    with pytest.raises(ReviewError, match="needs a reason"):
        review_event(store.engine, ANA, ev, "confirm", reason="  ")


def test_audit_records_the_real_before_and_after(store):
    ev = next(r for r in event_rows(store.engine) if r["n_mentions"] == 2)
    machine_best = ev["fatalities"]["best"]
    review_event(store.engine, ANA, ev["id"], "correct", "fatalities", 4, "the ministry's toll")
    review_event(store.engine, ANA, ev["id"], "correct", "fatalities", 5, "a later toll")
    second, first = audit(store.engine, ev["id"])[:2]
    assert first["before"]["best"] == machine_best and first["after"]["best"] == 4
    assert second["before"]["best"] == 4 and second["after"]["best"] == 5  # not the machine value again
    assert (first["reason"], second["reason"]) == ("the ministry's toll", "a later toll")
    now = next(r for r in event_rows(store.engine) if r["id"] == ev["id"])
    assert now["fatalities"]["best"] == 5 and now["review"]["status"] == "corrected"
    assert now["review"]["machine"]["fatalities"]["best"] == machine_best
    assert "fatalities" not in now["disputed"]  # the analyst settled what the sources disputed
    with pytest.raises(ReviewConflict, match="already"):
        review_event(store.engine, ANA, ev["id"], "correct", "fatalities", 5, "again")


def test_nonsense_is_refused(store):
    rows = event_rows(store.engine)
    one = next(r for r in rows if r["n_mentions"] == 1)
    with pytest.raises(ReviewConflict, match="with itself"):
        review_event(store.engine, ANA, one["id"], "merge", value=one["id"], reason="same")
    with pytest.raises(ReviewConflict, match="nothing to split"):
        review_event(store.engine, ANA, one["id"], "split", value="m0003", reason="split")
    review_event(store.engine, ANA, one["id"], "confirm", reason="checked")
    with pytest.raises(ReviewConflict, match="already confirmed"):
        review_event(store.engine, ANA, one["id"], "confirm", reason="checked twice")
    with pytest.raises(ReviewError, match="takes no field"):
        review_event(store.engine, ANA, one["id"], "reject", "date", "2024-01-01", reason="x y z")
    with pytest.raises(ReviewError, match="unknown review action"):
        review_event(store.engine, ANA, one["id"], "delete", reason="gone")
    viewer = Session("vic", "viewer", "x")
    from flashpoint.store.review import AuthError

    with pytest.raises(AuthError):
        review_event(store.engine, viewer, one["id"], "reject", reason="not allowed")


def test_rejected_events_leave_the_default_views(store):
    from flashpoint.store.events import EventQuery, count_events

    ev = event_rows(store.engine)[0]["id"]
    review_event(store.engine, ANA, ev, "reject", reason="not an attack")
    assert ev not in {r["id"] for r in event_rows(store.engine)}
    assert [r["id"] for r in event_rows(store.engine, EventQuery(status="rejected"))] == [ev]
    assert count_events(store.engine, EventQuery(status="all")) == 2
    review_event(store.engine, ANA, ev, "reopen", reason="second look")
    assert ev in {r["id"] for r in event_rows(store.engine)}


def test_date_correction_moves_the_interval_and_filters():
    rec = {"date": "2024-01-10", "date_precision": "day", "date_low": "2024-01-10", "date_high": "2024-01-11",
           "disputed": {"date": ["2024-01-10", "2024-01-11"]}}
    out = apply_edits(rec, [{"action": "correct", "field": "date", "value": "2024-02-15"},
                            {"action": "correct", "field": "date_precision", "value": "month"}])
    assert (out["date"], out["date_low"], out["date_high"]) == ("2024-02-15", "2024-02-01", "2024-02-29")
    assert out["review"]["machine"]["date_low"] == "2024-01-10" and out["disputed"] == {}


def test_corrections_survive_a_rebuild_and_country_filters_use_them(store):
    from flashpoint.store.events import EventQuery, update_events

    ev = event_rows(store.engine)[0]["id"]
    review_event(store.engine, ANA, ev, "correct", "country", "Syria", "the base is across the border")
    update_events(store.engine, rebuild=True)
    assert ev not in {r["id"] for r in event_rows(store.engine, EventQuery(country="IRQ"))}
    (moved,) = event_rows(store.engine, EventQuery(country="SYR"))
    assert moved["id"] == ev and moved["review"]["machine"]["country"] == "IRQ"


def test_a_split_after_a_merge_takes_the_mention_out_of_the_merged_event(store):
    from flashpoint.store.events import update_events

    def shape() -> list[int]:
        return sorted(r["n_mentions"] for r in event_rows(store.engine))

    assert shape() == [1, 2]  # mentions 1 and 2 fused; mention 3 (another day, reverse roles) alone
    single = next(r["id"] for r in event_rows(store.engine) if r["n_mentions"] == 1)
    pair = next(r["id"] for r in event_rows(store.engine) if r["n_mentions"] == 2)
    merged = review_event(store.engine, ANA, pair, "merge", value=single, reason="one attack")["event_id"]
    assert shape() == [3]
    # the merged event's mention that came from the single event is taken out again: the later edit wins
    review_event(store.engine, ANA, merged, "split", value="m0003", reason="another day after all")
    assert shape() == [1, 2]
    update_events(store.engine, rebuild=True)  # and stays out when everything is rebuilt
    assert shape() == [1, 2]
    # merged back: the latest edit wins again
    alone = next(r["id"] for r in event_rows(store.engine) if r["n_mentions"] == 1)
    again = next(r["id"] for r in event_rows(store.engine) if r["n_mentions"] == 2)
    review_event(store.engine, ANA, again, "merge", value=alone, reason="same attack, checked")
    assert shape() == [3]
