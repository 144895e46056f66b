"""The completeness check compares running counts only, and explains every ratio."""

from __future__ import annotations

from flashpoint.fuse.tally_check import check_tallies, event_figures
from tests.factories import build, mention

ATTACKS = [
    {"event_type": "ASSAULT", "date": f"2023-11-{d:02d}", "country": c, "actor": None, "target": "United States",
     "injured": {"best": 1}}
    for d, c in ((2, "IRQ"), (5, "IRQ"), (9, "SYR"), (12, "IRQ"))
]
SENTENCE = "U.S. forces were attacked 10 times since 17 October, 6 times in Iraq and 4 times in Syria."


def tally(count, what, where=("IRQ", "SYR"), since="2023-10-17", until="2023-11-30", by_country=None,
          qualifier="exact", evidence=SENTENCE, doc="fx-t"):
    return {"doc_id": doc, "count": count, "qualifier": qualifier, "what": what, "where": list(where), "since": since,
            "until": until, "by_country": by_country, "evidence": evidence}


def test_a_breakdown_is_checked_once_with_its_parts():
    rows = [tally(10, "attacked 10 times since 17 October", by_country={"IRQ": 6, "SYR": 4}),
            tally(6, "6 times in Iraq", where=("IRQ",)), tally(4, "4 times in Syria", where=("SYR",)),
            tally(10, "attacked 10 times since 17 October")]
    whole, iraq, syria, again = check_tallies(rows, ATTACKS)
    assert (whole.in_store, whole.ratio) == (4, 0.4)
    assert whole.by_country == {"IRQ": {"stated": 6, "in_store": 3, "ratio": 0.5},
                                "SYR": {"stated": 4, "in_store": 1, "ratio": 0.25}}
    for part in (iraq, syria, again):
        assert part.ratio is None and "part of the breakdown of the 10" in part.note


def test_the_ratio_is_explained():
    (c,) = check_tallies([tally(8, "attacks on U.S. forces", qualifier="at_least")], ATTACKS)
    assert c.ratio == 0.5
    text = c.explanation
    assert "4 attacks" in text and "on United States" in text and "IRQ, SYR" in text and "2023-10-17" in text
    assert "at least 8 stated: 50%" in text and "at most the share covered" in text
    (over,) = check_tallies([tally(2, "attacks on U.S. forces")], ATTACKS)
    assert over.ratio == 2 and "more than stated" in over.explanation


def test_one_events_casualty_figure_is_not_a_running_count(tmp_path):
    toll = "A drone struck the base, injuring 7 soldiers."
    rows = [tally(7, "7 soldiers injured", since=None, evidence=toll, doc="fx-doc-1"),
            tally(7, "7 soldiers injured", since="2023-10-17", evidence=toll, doc="fx-doc-1"),
            tally(30, "30 U.S. personnel injured", since=None, evidence="Since then 30 U.S. personnel were injured.")]
    store = build(tmp_path / "t.db", [mention(1, "2023-11-02", None, "United States")])
    with store.engine.begin() as c:
        c.exec_driver_sql("UPDATE mentions SET evidence = ?, injured_low = 7, injured_high = 7, injured_stated = 1",
                          (toll,))
    figures = event_figures(store.engine, ["fx-doc-1"])
    no_start, same_sentence, open_ended = check_tallies(rows, ATTACKS, figures)
    assert same_sentence.ratio is None and "casualty figure of one event" in same_sentence.note
    assert no_start.ratio is None
    assert open_ended.ratio is None and "no start date" in open_ended.note
