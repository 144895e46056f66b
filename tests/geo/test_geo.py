"""The geocoder on sentences written for these tests: ambiguity resolved by context, demonyms,
countries, provinces, abbreviations, scope and precision codes."""

from __future__ import annotations

import pytest

from flashpoint import geo
from flashpoint.geo.fold import abbreviation, fold, strip_articles, unfuse_articles


def best(name: str, text: str | None = None, **kw: object) -> geo.Candidate:
    cands = geo.resolve(name, text, **kw)  # type: ignore[arg-type]
    assert cands, name
    return cands[0]


def test_fold_and_abbreviations() -> None:
    assert fold("Saint-Étienne") == fold("St. Etienne") == "saint etienne"
    assert strip_articles(fold("Deir ez-Zor")) == "deir zor"
    assert abbreviation("U.S.") == "US" and abbreviation("Calif.") == "Calif" and abbreviation("Paris") is None


def test_an_article_written_into_the_next_word() -> None:
    # "Deir Ezzor" is Deir ez-Zor: the article joined to the sun letter it doubles; a first word is left alone
    assert unfuse_articles("deir ezzor") == "deir zor"
    assert unfuse_articles("tal ashshaer") == "tal shaer"
    assert unfuse_articles("assad") == unfuse_articles("deir zor") == ""
    c = best("Deir Ezzor", "Shelling was reported in the Deir Ezzor countryside of eastern Syria.")
    assert (c.name, c.country) == ("Deir ez-Zor", "SYR")


def test_ambiguous_town_follows_the_places_named_around_it() -> None:
    texts = {
        "USA": "Storms flooded roads in Paris and Sherman, two towns of north Texas near the Oklahoma line.",
        "FRA": "Trains between Paris, Lyon and Marseille stopped as French rail workers walked out.",
    }
    for country, text in texts.items():
        c = best("Paris", text)
        assert (c.country, c.kind) == (country, "city"), text
    assert best("Paris", texts["USA"]).admin1 == "Texas"


def test_country_or_state_by_context() -> None:
    assert best("Georgia", "Protesters filled the streets of Tbilisi, Georgia, after the vote.").country == "GEO"
    assert best("Georgia", "Voters in Atlanta and Savannah, Georgia, waited for hours.").kind == "admin1"


def test_without_context_the_prominent_reading_wins() -> None:
    c = best("Aleppo")
    assert c.country == "SYR" and c.kind in ("city", "admin1")
    assert best("London").country == "GBR"


def test_scope_prefers_the_users_countries() -> None:
    assert best("Tripoli").country == "LBY"  # the capital of Libya is the larger
    assert best("Tripoli", scope=["LBN"]).country == "LBN"


def test_demonyms_and_adjectives_are_countries() -> None:
    for word, iso3 in (("Turkish", "TUR"), ("Lebanese", "LBN"), ("Syrians", "SYR"), ("British", "GBR")):
        c = best(word)
        assert (c.country, c.kind, c.matched, c.precision) == (iso3, "country", "demonym", 3), word


def test_country_names_and_abbreviations() -> None:
    for name, iso3 in (("U.S.", "USA"), ("US", "USA"), ("United States", "USA"), ("Britain", "GBR"),
                       ("UAE", "ARE"), ("the Netherlands", "NLD")):
        c = best(name)
        assert (c.country, c.kind) == (iso3, "country"), name
    us = best("U.S.")
    assert 35 < us.lat < 42 and -103 < us.lon < -94  # somewhere in the middle of the lower 48


def test_provinces_and_states() -> None:
    tx = best("Texas")
    assert (tx.country, tx.kind, tx.precision) == ("USA", "admin1", 3)
    anbar = best("Anbar province", "Gunmen attacked a checkpoint in Anbar province, west of Baghdad.")
    assert (anbar.country, anbar.kind) == ("IRQ", "admin1")
    assert best("Calif.", "SAN DIEGO, Calif. - The Navy said").name == "California"


def test_precision_codes() -> None:
    assert best("Mosul").precision == 1
    assert best("Lebanon").precision == 3
    part = best("Mosul Dam Road", "Engineers inspected the Mosul Dam Road north of Mosul.", fallback=True)
    assert part.country == "IRQ" and part.precision == 2


def test_unknown_names() -> None:
    assert geo.resolve("Qxzvbt Wlork") == []
    focus = geo.resolve("Qxzvbt Wlork", "Shelling hit Kharkiv and the nearby Qxzvbt Wlork farm.", fallback=True)
    assert focus and focus[0].country == "UKR" and focus[0].matched == "context" and focus[0].precision >= 2


def test_find_toponyms_in_a_text() -> None:
    text = "A Turkish drone struck a convoy near Qamishli, in northeastern Syria, the U.S. military said."
    found = {t.text: t.best for t in geo.find_toponyms(text)}
    assert {"Turkish", "Qamishli", "Syria"} <= set(found)
    assert found["Qamishli"] is not None and found["Qamishli"].country == "SYR"
    assert found["Turkish"] is not None and found["Turkish"].country == "TUR"


def test_resolve_all_shares_the_context() -> None:
    res = geo.resolve_all(["Paris", "Texas"], "Paris and Texas")
    assert res[0][0].country == "USA" and res[1][0].name == "Texas"


@pytest.mark.parametrize("name", ["", "   ", "!!!", "12345"])
def test_odd_input_gives_nothing_and_no_error(name: str) -> None:
    assert geo.resolve(name) == []


def test_us_counties_and_dateline_abbreviations() -> None:
    c = best("Orange County", "Fires spread from Anaheim toward Irvine, California.")
    assert (c.country, c.kind, c.admin1, c.precision) == ("USA", "admin2", "California", 2)
    assert best("Plymouth Co.", "Brockton, Massachusetts").name == "Plymouth County"
    assert best("Alta.", "CALGARY, Alta. - Police said").name == "Alberta"


def test_seats_of_government() -> None:
    wh = best("White House", "The White House said the strikes would continue.")
    assert (wh.country, wh.kind, wh.precision) == ("USA", "landmark", 1)
    assert best("Kremlin").country == "RUS"


def test_airports() -> None:
    c = best("Heathrow Airport")
    assert c.kind == "airport" and c.country == "GBR"
