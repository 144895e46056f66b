"""Conflict profiles: validation with the line at fault, shipped profiles, a third conflict from data alone."""

import datetime as dt
from pathlib import Path

import pytest

from flashpoint.nlp.pipeline import Extractor
from flashpoint.ontology.actors import actor_lexicon
from flashpoint.ontology.profile import (
    ProfileError,
    active_profile,
    load_profile,
    parse_profile,
    shipped_profiles,
    use_profile,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "profiles" / "india-pakistan.yaml"

MINIMAL = """name: test
scope_countries: [IRQ]
sides:
  A: {label: Side A, representative: Alpha}
  B: {label: Side B, representative: Beta}
actors:
  - {name: Alpha, kind: state, country: IRQ, side: A}
  - {name: Beta, kind: militia, side: B}
"""


def events(profile: str | Path, text: str, published: dt.date) -> list[tuple[str, str | None, str | None, str | None]]:
    recs = Extractor(profile=str(profile)).extract_text("t", text, published).records()
    return [(r["event_type"], r["actor"], r["target"], r["country"]) for r in recs if r["kind"] == "event"]


def test_shipped_profiles_load_and_say_what_they_hold() -> None:
    assert {"us-iran-axis", "israel-hezbollah"} <= set(shipped_profiles())
    for name in shipped_profiles():
        p = load_profile(name)
        s = p.summary()
        assert len(s["sides"]) >= 2 and s["scope_countries"]
        for side in p.sides.values():
            assert side.representative in {a["name"] for a in p.actors}


def test_minimal_profile_parses_and_defaults_the_opponent() -> None:
    p = parse_profile(MINIMAL)
    assert p.opponent("A").id == "B" and p.opponent("B").id == "A"  # type: ignore[union-attr]
    assert p.label("A") == "Side A" and p.label("Gamma") == "Gamma"


@pytest.mark.parametrize(("change", "line", "words"), [
    (("  A: {label: Side A, representative: Alpha}", "  A: {label: Side A, representative: Nobody}"), 4, "not an actor"),
    (("scope_countries: [IRQ]", "scope_countries: [Iraq]"), 1, "ISO 3166"),
    (("  - {name: Beta, kind: militia, side: B}", "  - {name: Beta, kind: rebels, side: B}"), 8, "kind"),
    (("  - {name: Beta, kind: militia, side: B}", "  - {name: Beta, kind: militia, side: C}"), 8, "side 'C'"),
    (("  - {name: Beta, kind: militia, side: B}", "  - {name: Beta, kind: militia, side: B, colour: red}"), 8, "unknown key"),
    (("scope_countries: [IRQ]", "scope_countries: [IRQ]\nparty_targets_only: [SYR]"), 1, "not one of the scope_countries"),
    (("sides:", "sides: ["), 5, "YAML"),  # where the parser notices the open bracket
])
def test_errors_name_the_line_at_fault(change: tuple[str, str], line: int, words: str) -> None:
    text = MINIMAL.replace(*change)
    with pytest.raises(ProfileError) as info:
        parse_profile(text, "p.yaml")
    msg = info.value.one_line()
    assert f"p.yaml:{line}" in msg and words in msg, msg


def test_unknown_profile_names_the_shipped_ones() -> None:
    with pytest.raises(ProfileError, match="us-iran-axis"):
        load_profile("no-such-profile")


def test_use_profile_switches_the_lexicon_and_restores_it() -> None:
    before = active_profile().name
    with use_profile("israel-hezbollah"):
        assert actor_lexicon().get("IDF").name == "Israel"  # type: ignore[union-attr]
        assert actor_lexicon().get("Islamic Resistance").name == "Hezbollah"  # type: ignore[union-attr]
    assert active_profile().name == before
    assert actor_lexicon().get("Islamic Resistance").name == "Islamic Resistance in Iraq"  # type: ignore[union-attr]


def test_a_third_conflict_from_a_data_file_alone() -> None:
    text = ("Pakistani troops fired mortar shells at Indian army posts in Poonch on Tuesday, killing two soldiers, "
            "the Indian Army said. Indian forces retaliated with artillery fire on positions near Kotli on Wednesday.")
    got = events(EXAMPLE, text, dt.date(2025, 5, 8))
    assert ("ASSAULT", "Pakistan", "India", "IND") in got
    assert ("ASSAULT", "India", "Pakistan", "PAK") in got


def test_israel_hezbollah_sides_and_held_territory() -> None:
    text = ("Hezbollah fighters fired a barrage of rockets at an Israeli army post near Metula on Monday. "
            "An Israeli drone strike hit a car in Bint Jbeil on Tuesday, killing two Hezbollah members.")
    got = events("israel-hezbollah", text, dt.date(2024, 3, 6))
    assert ("ASSAULT", "Hezbollah", "Israel", "ISR") in got
    assert ("ASSAULT", "Israel", "Hezbollah", "LBN") in got
    golan = events("israel-hezbollah", "A rocket fired from Lebanon struck a football pitch in Majdal Shams on "
                   "Saturday, killing twelve children.", dt.date(2024, 7, 28))
    assert golan and golan[0][3] == "ISR"  # the Israeli-held Golan Heights are ISR (the profile's territory notes)
