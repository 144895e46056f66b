"""The extractor's gazetteer (ontology/places.py) draws countries, provinces and towns from flashpoint.geo."""

from __future__ import annotations

from flashpoint.ontology.places import gazetteer


def test_countries_have_points_and_provinces_come_from_everywhere() -> None:
    g = gazetteer()
    lebanon = g.country("LBN")
    assert lebanon is not None and lebanon.lat is not None and 33 < lebanon.lat < 35
    texas = g.lookup("Texas")[0]
    assert (texas.country, texas.kind, texas.precision) == ("USA", "admin1", 3)
    assert g.lookup("Nabatieh")[0].country == "LBN"  # a town of the region, any size


def test_small_towns_far_away_and_demonyms_are_not_places_for_the_extractor() -> None:
    g = gazetteer()
    assert g.lookup("Turkish") == []  # the extractor reads adjectives itself
    assert all(p.country in {"USA", "GBR"} or p.population >= 500_000 for p in g.lookup("Paris") if p.kind == "city")


def test_province_words_read_the_province_but_area_words_do_not() -> None:
    g = gazetteer()
    assert g.lookup("Anbar province")[0].kind == "admin1"
    assert all(p.kind != "admin1" for p in g.lookup("Beirut area"))
