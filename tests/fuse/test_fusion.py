from __future__ import annotations

import datetime as dt
import itertools
import json

from flashpoint.fuse.cluster import cluster_mentions, event_id
from flashpoint.fuse.consensus import fuse
from flashpoint.fuse.mentions import Mention
from flashpoint.fuse.retaliation import resolve
from flashpoint.fuse.tally_check import check_tallies, read_what

D = dt.date


def mention(mid: str, **kw) -> Mention:
    base = dict(id=mid, doc_id=mid.split("/")[0], event_type="ASSAULT", date=D(2024, 3, 4), date_precision="day",
                actor=None, target="United States", country="IRQ")
    base.update(kw)
    return Mention(**base)


BASE_SITE = dict(location="Camp Falcon", latitude=33.2, longitude=44.3, geo_precision=1)


def test_conflicting_figures_are_one_event_with_the_disagreement_kept():
    ms = [
        mention("a/1", actor="Kata'ib Hezbollah", mode="rocket", injured=(25, 25), publisher="Paper A",
                published=D(2024, 3, 4), **BASE_SITE),
        mention("b/1", actor="Kata'ib Hezbollah", mode="rocket", injured=(34, 34), publisher="Paper B",
                published=D(2024, 3, 5), **BASE_SITE),
        mention("c/1", actor="Kata'ib Hezbollah", mode="rocket", injured=(40, None), publisher="Paper C",
                published=D(2024, 3, 6), **BASE_SITE),
        mention("d/1", actor="Kata'ib Hezbollah", mode="rocket", injured=(34, 34), publisher="Paper D",
                published=D(2024, 3, 5), **BASE_SITE),
    ]
    (cluster,) = cluster_mentions(ms)
    e = fuse(cluster)
    assert e.injured.best == 34  # stated by two publishers
    assert (e.injured.low, e.injured.high) == (25, None)  # "more than 40" leaves the range open
    assert e.injured.disputed and "injured" in e.disputed
    assert sorted(s.publisher for s in e.injured.sources) == ["paper a", "paper b", "paper c", "paper d"]
    assert e.n_publishers == 4 and e.n_documents == 4


def test_late_night_us_time_joins_the_next_local_day():
    us = mention("us/1", actor="United States", target="Kata'ib Hezbollah", mode="aerial", date=D(2023, 12, 25),
                 evidence="The strikes began at 8:45 p.m. (EST) on Monday, the Pentagon said.", **BASE_SITE)
    local = mention("iq/1", actor="United States", target="Kata'ib Hezbollah", mode="aerial", date=D(2023, 12, 26),
                    evidence="Warplanes hit three sites before dawn on Tuesday.", **BASE_SITE)
    assert len(cluster_mentions([us, local])) == 1
    # without a time cue one day apart is two attacks
    plain = [mention("x/1", actor="United States", target="Kata'ib Hezbollah", date=D(2023, 12, 25), evidence="Jets hit a depot."),
             mention("y/1", actor="United States", target="Kata'ib Hezbollah", date=D(2023, 12, 26), evidence="Jets hit a depot.")]
    assert len(cluster_mentions(plain)) == 2


def test_umbrella_claim_and_member_attribution_are_one_event():
    claim = mention("a/1", actor="Islamic Resistance in Iraq", claimed_by=("Islamic Resistance in Iraq",), mode="drone",
                    **BASE_SITE)
    blame = mention("b/1", actor="Kata'ib Hezbollah", mode="drone", **BASE_SITE)
    (cluster,) = cluster_mentions([claim, blame])
    e = fuse(cluster)
    assert e.actor == "Kata'ib Hezbollah"  # the member is the more specific name
    kinds = {(c.actor, c.kind) for c in e.claims}
    assert kinds == {("Islamic Resistance in Iraq", "claimed"), ("Kata'ib Hezbollah", "attributed")}
    assert "actor" not in e.disputed


def test_two_attacks_on_one_base_same_day_by_different_sides_stay_apart():
    militia = mention("a/1", actor="Kata'ib Hezbollah", target="United States", mode="rocket", **BASE_SITE)
    other = mention("b/1", actor="Islamic State", target="United States", mode="ground", **BASE_SITE)
    assert len(cluster_mentions([militia, other])) == 2
    # and two far-apart bases on one day by one group are two attacks
    far = mention("c/1", actor="Kata'ib Hezbollah", mode="rocket", location="Camp Elsewhere", latitude=36.2,
                  longitude=43.9, geo_precision=1)
    assert len(cluster_mentions([militia, far])) == 2


def test_unknown_actor_joins_only_when_day_and_place_agree():
    named = mention("a/1", actor="Kata'ib Hezbollah", mode="drone", **BASE_SITE)
    same = mention("b/1", actor=None, mode="drone", **BASE_SITE)
    assert len(cluster_mentions([named, same])) == 1
    vague = mention("c/1", actor=None, mode="drone", date_precision="approximate")
    assert len(cluster_mentions([named, vague])) == 2


def test_any_order_gives_the_same_events_and_ids():
    ms = [
        mention("a/1", actor="Kata'ib Hezbollah", mode="drone", **BASE_SITE),
        mention("b/1", actor=None, mode="drone", **BASE_SITE),
        mention("c/1", actor="Islamic Resistance in Iraq", mode="drone", **BASE_SITE),
        mention("d/1", actor="United States", target="Kata'ib Hezbollah", date=D(2024, 3, 5)),
        mention("e/1", actor="United States", target="Kata'ib Hezbollah", date=D(2024, 3, 6),
                date_precision="approximate"),
    ]
    seen = set()
    for perm in itertools.permutations(ms):
        seen.add(tuple(tuple(sorted(m.id for m in c)) for c in cluster_mentions(perm)))
    assert len(seen) == 1
    ids = [event_id(c) for c in cluster_mentions(ms)]
    assert ids == sorted(ids) and all(i.startswith("ev-") for i in ids)


def test_retaliation_text_resolves_to_the_earlier_attack():
    attack = fuse([mention("a/1", actor="Kata'ib Hezbollah", mode="drone", fatalities=(3, 3), location="Tower 9",
                           country="JOR", date=D(2024, 1, 28))])
    other = fuse([mention("o/1", actor="Kata'ib Hezbollah", mode="rocket", location="Camp Falcon",
                          date=D(2024, 1, 20))])
    answer = fuse([mention("b/1", actor="United States", target="Kata'ib Hezbollah", mode="aerial",
                           date=D(2024, 2, 2), retaliation_for="the drone attack that killed three soldiers in Jordan")])
    orphan = fuse([mention("c/1", actor="United States", target="Kata'ib Hezbollah", date=D(2024, 2, 3),
                           retaliation_for="an ambush in another century")])
    links = {lk.from_event: lk for lk in resolve([attack, other, answer, orphan])}
    assert links[answer.id].to_event == attack.id
    assert links[orphan.id].to_event is None and links[orphan.id].text


def test_tally_check_counts_matching_events():
    assert read_what("attacks on U.S. forces") == ("events", None, "United States")
    events = [
        {"event_type": "ASSAULT", "date": "2023-11-02", "country": "IRQ", "actor": "Kata'ib Hezbollah",
         "target": "United States", "injured": {"best": 2}},
        {"event_type": "ASSAULT", "date": "2023-11-20", "country": "SYR", "actor": None, "target": "United States",
         "injured": {"best": 5}},
        {"event_type": "ASSAULT", "date": "2023-11-21", "country": "IRQ", "actor": "United States",
         "target": "Kata'ib Hezbollah"},
        {"event_type": "ASSAULT", "date": "2023-12-30", "country": "IRQ", "actor": None, "target": "United States"},
    ]
    tallies = [
        {"count": 4, "what": "attacks on U.S. forces", "where": ["IRQ", "SYR"], "since": "2023-10", "until": "2023-11-30"},
        {"count": 14, "what": "U.S. personnel injured", "where": [], "since": "2023-10-17", "until": "2023-12-01"},
        {"count": 3, "what": "troops deployed", "where": [], "since": None, "until": None},
    ]
    checks = check_tallies(tallies, events)
    assert (checks[0].in_store, checks[0].ratio) == (2, 0.5)
    assert checks[1].measure == "injured" and checks[1].in_store == 7
    assert checks[2].measure is None and checks[2].ratio is None
    json.dumps([c.note for c in checks])
