"""Toponym resolution: the candidates of a name ranked by the text around it.

Every candidate gets a feature vector (its kind, size, how the name matched it, and what the text
says: the countries and provinces it names, the places of the other names and how far they lie, the
caller's scope); its score is the dot product with a weight vector.  The weights ship in
``data/weights.json``: fitted by `flashpoint.geo.train` (a conditional logit over each name's
candidates, cross-validated by document) on public toponym-resolution sets; see that module.

The context of a text is resolved jointly: a first pass ranks each name alone, the countries and
provinces the text is about are the votes of those rankings, a second pass adds them, a third adds
the distance to the places the other names resolved to.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from flashpoint.geo.fold import abbreviation, fold, strip_articles, unfuse_articles
from flashpoint.geo.index import ABBREV, ALIAS, DEMONYM, FOREIGN, PRIMARY, STRIPPED, Entry, GeoIndex

MAX_CANDIDATES = 40
_AREAS = ("country", "continent", "region")
_DIVISIONS = ("admin1", "admin2")
# Words that name a kind of place, not a place: a part made only of them says nothing ('University').
GENERIC = frozenset(" ".join((
    "airport international regional university college school academy hospital clinic church",
    "cathedral mosque temple museum gallery street st road avenue boulevard drive lane way highway",
    "park garden river lake sea ocean mount mountain mountains hill hills north south east west",
    "northern southern eastern western central new old great upper lower saint city county district",
    "province state states national federal center centre stadium arena hall house bridge square",
    "station market village valley beach island islands bay harbour harbor port hotel club golf high",
    "middle elementary memorial library tower building plaza mall court office united kingdom",
    "republic royal general city's town borough union american the of and de la le",
)).split())
_SUFFIX = re.compile(
    r"\s+(?:province|governorate|state|region|district|county|city|town|village|oblast|prefecture|municipality|"
    r"department|area|countryside|suburbs?|outskirts)$", re.I)
_COUNTY_ABBR = re.compile(r"\s+Co\.?$", re.I)
_POSSESSIVE = re.compile(r"['’]s?$")

FEATURES = (
    "bias_country", "bias_admin1", "bias_admin2", "bias_area", "bias_airport", "bias_landmark", "capital", "log_pop",
    "log_pop_division", "log_pop_country", "no_pop", "division_named_like_city", "city_named_like_division",
    "how_alias", "how_foreign", "how_demonym", "how_abbrev", "how_stripped", "how_partial", "from_context",
    "focus_share", "focus_density", "focus_division", "focus_country", "focus_in_top_country",
    "ctx_country", "ctx_country_log", "ctx_country_top", "ctx_admin", "ctx_contains", "near_100", "near_1000",
    "scope", "neighbour", "largest_town", "anchor_density",
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of a place name: where, what kind, and how well the text supports it."""

    name: str
    lat: float
    lon: float
    country: str  # ISO3; '' for continents and seas
    kind: str  # continent | region | country | admin1 | admin2 | city | airport | landmark
    admin1: str  # the first-level division it lies in, when known
    population: int
    precision: int  # ACLED-style: 1 the place itself, 2 part of a district/region, 3 a province or larger
    score: float
    geonameid: int | None = None
    matched: str = "name"  # name | alias | foreign name | demonym | abbreviation | part of the name | context


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name found in a text, with its candidates best first."""

    start: int
    end: int
    text: str
    candidates: tuple[Candidate, ...]

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


@dataclass
class Weights:
    values: dict[str, float]
    # Which point stands for an area: a country's Factbook point ("given"), the centroid of its largest
    # landmass ("centroid") or their midpoint ("mid"); a division's countrystatecity point ("given"), the
    # centre of the extent of its towns ("extent") or their midpoint ("mid").
    country_point: str = "mid"
    division_point: str = "given"

    def vector(self) -> list[float]:
        return [self.values.get(f, 0.0) for f in FEATURES]


DEFAULT_WEIGHTS = {
    "bias_country": 6.0, "bias_admin1": 1.5, "bias_admin2": -0.5, "bias_area": 5.0, "bias_airport": 2.0, "bias_landmark": 3.0,
    "capital": 1.5, "division_named_like_city": -1.0, "city_named_like_division": 1.0,
    "log_pop": 1.0, "log_pop_division": 1.0, "log_pop_country": 0.3, "from_context": -2.0, "ctx_country_log": 0.0,
    "no_pop": -1.0, "focus_share": 2.0, "focus_density": 2.0, "focus_division": -0.5, "focus_country": -1.0,
    "focus_in_top_country": 1.0, "how_alias": -0.5, "how_foreign": -2.0, "how_demonym": 0.0, "how_abbrev": 0.0,
    "how_stripped": -1.5, "how_partial": -3.0, "ctx_country": 3.0, "ctx_country_top": 1.0, "ctx_admin": 2.0,
    "ctx_contains": 2.0, "near_100": 2.0, "near_1000": 1.0, "scope": 6.0, "neighbour": 0.5,
    "largest_town": 0.5, "anchor_density": 1.0,
}


def load_weights() -> Weights:
    try:
        raw = json.loads(resources.files("flashpoint.geo").joinpath("data/weights.json").read_text(encoding="utf-8"))
        return Weights({**DEFAULT_WEIGHTS, **raw["weights"]}, raw.get("country_point", "mid"),
                       raw.get("division_point", "given"))
    except (OSError, ValueError, KeyError):
        return Weights(dict(DEFAULT_WEIGHTS))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = math.sin((lat2 - lat1) * p / 2) ** 2 + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(min(1.0, a)))


@dataclass
class _Option:
    entry: Entry
    how: int
    partial: bool = False  # a reading of part of the name ('Manila' for 'Manila Cathedral')
    focus: bool = False  # not a reading of the name: a place the text is about
    focus_feats: tuple[float, ...] = ()  # share, density, division, country, in top country
    feats: list[float] = field(default_factory=list)
    score: float = 0.0


@dataclass(frozen=True)
class _SetInfo:
    twins: frozenset[tuple[str, str]]
    top_town_pop: int


@dataclass
class Context:
    """What a text says about where it is: country and division votes, resolved places, scope."""

    countries: dict[str, float] = field(default_factory=dict)  # ISO3 -> share of the votes
    admins: dict[str, float] = field(default_factory=dict)  # "ISO3/division name" -> votes
    anchors: list[tuple[str, float, float, float]] = field(default_factory=list)  # (key, lat, lon, weight)
    scope: frozenset[str] = frozenset()
    top_country: str = ""
    tops: dict[str, _Option] = field(default_factory=dict)  # key -> its best reading, for the anchors
    own: dict[str, tuple[dict[str, float], dict[str, float]]] = field(default_factory=dict)  # key -> its own votes


class Geocoder:
    """Resolve place names against the GeoNames index; see `flashpoint.geo.resolve` for the one-call form."""

    def __init__(self, index: GeoIndex | None = None, weights: Weights | None = None) -> None:
        self.index = index or GeoIndex()
        self.weights = weights or load_weights()
        self._w = self.weights.vector()

    # ---------------------------------------------------------------- candidates

    def options(self, name: str) -> list[_Option]:
        """Every indexed reading of `name`, the likeliest (by kind and size) first, at most MAX_CANDIDATES."""
        return list(self._options(name.strip()))

    @lru_cache(maxsize=1 << 16)  # noqa: B019 - one Geocoder lives for the process
    def _options(self, name: str) -> tuple[_Option, ...]:
        found = self._lookup(name)
        partial = False
        if not found and _COUNTY_ABBR.search(name):
            found = self._lookup(_COUNTY_ABBR.sub(" County", name))  # 'Plymouth Co.'
        if not found:
            bare = _POSSESSIVE.sub("", name).strip()
            partial = bool(_SUFFIX.search(bare))  # 'Orange County' read as 'Orange' is only part of it
            bare = _SUFFIX.sub("", bare).strip()
            if bare and bare != name:
                found = self._lookup(bare)
        opts = [_Option(e, how, partial=partial) for e, how in found]
        opts.sort(key=lambda o: -_cheap_prior(o))
        return tuple(opts[:MAX_CANDIDATES])

    def _lookup(self, name: str) -> list[tuple[Entry, int]]:
        refs: dict[int, int] = {}
        abbr = abbreviation(name)
        if abbr:
            for pid, how in self.index.refs("=" + abbr):
                refs[pid] = min(how, refs.get(pid, 99))
        key = fold(name)
        if key and (not abbr or len(key.replace(" ", "")) > 3 or not refs):
            for k in {key, strip_articles(key)}:
                if not k:
                    continue
                for pid, how in self.index.refs(k):
                    h = how if k == key else (how % STRIPPED) + STRIPPED
                    refs[pid] = min(h, refs.get(pid, 99))
            fused = unfuse_articles(strip_articles(key)) if not refs else ""
            for pid, how in self.index.refs(fused) if fused else ():  # "Deir Ezzor" is Deir ez-Zor
                refs[pid] = min((how % STRIPPED) + STRIPPED, refs.get(pid, 99))
        if not refs:
            return []
        entries = self.index.entries(list(refs))
        return [(e, refs[e.id]) for e in entries]

    def partial_options(self, name: str) -> list[_Option]:
        """Readings of the longest parts of a name not indexed whole ('Manila Cathedral' -> Manila)."""
        words = name.split()
        for size in range(len(words) - 1, 0, -1):
            found: list[_Option] = []
            for i in range(len(words) - size + 1):
                part = " ".join(words[i: i + size])
                if len(part) < 4 or not part[0].isupper() or all(w.lower().strip(".,'’") in GENERIC
                                                                    for w in part.split()):
                    continue
                found.extend(_Option(o.entry, o.how, partial=True) for o in self._options(part))
            if found:
                return found
        return []

    # ---------------------------------------------------------------- features and scores

    def point(self, e: Entry) -> tuple[float, float]:
        if e.alt_lat is not None and e.alt_lon is not None and e.kind in ("country", *_DIVISIONS):
            mode = self.weights.country_point if e.kind == "country" else self.weights.division_point
            if mode in ("centroid", "extent"):
                return e.alt_lat, e.alt_lon
            if mode == "mid":
                return (e.lat + e.alt_lat) / 2, (e.lon + e.alt_lon) / 2
        return e.lat, e.lon

    def features(self, o: _Option, ctx: Context | None, key: str = "", info: _SetInfo | None = None) -> list[float]:
        """The feature vector of one candidate (see FEATURES); `info`: facts about all the readings of the name
        (`set_info`)."""
        twins = info.twins if info else frozenset()
        if o.focus:
            vals = dict(zip(("focus_share", "focus_density", "focus_division", "focus_country", "focus_in_top_country"),
                            o.focus_feats, strict=True))
            return [1.0 if f == "from_context" else vals.get(f, 0.0) for f in FEATURES]
        e = o.entry
        how = o.how % STRIPPED
        pop = e.population
        lpop = math.log10(pop + 1) if pop > 0 else 0.0
        twin_div = e.kind in _DIVISIONS and (e.country, e.name) in twins
        twin_city = e.kind == "city" and (e.country, e.admin1) in twins
        f = [
            float(e.kind == "country"), float(e.kind == "admin1"), float(e.kind == "admin2"),
            float(e.kind in ("continent", "region")), float(e.kind == "airport"), float(e.kind == "landmark"),
            float(e.capital),
            lpop if e.kind in ("city", "airport") else 0.0, lpop if e.kind in _DIVISIONS else 0.0,
            lpop if e.kind in _AREAS else 0.0, float(pop <= 0), float(twin_div), float(twin_city),
            float(how == ALIAS), float(how == FOREIGN), float(how == DEMONYM), float(how == ABBREV),
            float(o.how >= STRIPPED), float(o.partial), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
        ]
        largest = float(e.kind == "city" and info is not None and pop > 0 and pop == info.top_town_pop)
        if ctx is None:
            return f + [0.0, math.log(0.01), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, largest, 0.0]
        own_c, own_a = ctx.own.get(key, ({}, {}))
        total = sum(ctx.countries.values()) - sum(own_c.values())
        share = (ctx.countries.get(e.country, 0.0) - own_c.get(e.country, 0.0)) / total if total > 0 and e.country else 0.0
        akey = f"{e.country}/{e.admin1}" if e.admin1 else ""
        admin = ctx.admins.get(akey, 0.0) - own_a.get(akey, 0.0) if akey else 0.0
        contains = 0.0
        if e.kind in ("admin1", "admin2"):
            inner = f"{e.country}/{e.name}"
            contains = ctx.admins.get(inner, 0.0) - own_a.get(inner, 0.0)
        near = math.inf
        close = total_w = 0.0
        if ctx.anchors and e.kind not in _AREAS:
            for k, lat, lon, aw in ctx.anchors:
                if k != key:
                    d = haversine_km(e.lat, e.lon, lat, lon)
                    near = min(near, d)
                    total_w += aw
                    close += aw if d <= 200 else 0.0
        neighbour = float(bool(ctx.top_country) and e.country in self.index.neighbours.get(ctx.top_country, ()))
        f += [
            max(share, 0.0), math.log(max(share, 0.0) + 0.01),
            float(bool(e.country) and e.country == ctx.top_country), float(admin > 0.3),
            float(contains > 0.3), math.exp(-near / 100.0) if near < math.inf else 0.0,
            math.exp(-near / 1000.0) if near < math.inf else 0.0, float(e.country in ctx.scope), neighbour,
            largest, close / total_w if total_w > 0 else 0.0,
        ]
        return f

    @staticmethod
    def set_info(opts: Sequence[_Option]) -> _SetInfo:
        """Twins: (country, division) pairs of the name's division readings whose own town bears the name too
        (Aleppo the governorate, Aleppo the city); the population of the largest town reading."""
        divs = {(o.entry.country, o.entry.name) for o in opts if o.entry.kind in _DIVISIONS}
        twins = frozenset(d for d in divs if any(o.entry.kind == "city" and (o.entry.country, o.entry.admin1) == d
                                                 for o in opts))
        top = max((o.entry.population for o in opts if o.entry.kind == "city" and not o.focus), default=0)
        return _SetInfo(twins, top)

    def _score(self, opts: Sequence[_Option], ctx: Context | None, key: str) -> list[_Option]:
        w = self._w
        info = self.set_info(opts)
        for o in opts:
            o.feats = self.features(o, ctx, key, info)
            o.score = sum(a * b for a, b in zip(w, o.feats, strict=True))
        return sorted(opts, key=lambda o: -o.score)

    def _candidate(self, o: _Option) -> Candidate:
        e = o.entry
        lat, lon = self.point(e)
        how = o.how % STRIPPED
        m = "context" if o.focus else ("part of the name" if o.partial else
                        {PRIMARY: "name", ALIAS: "alias", FOREIGN: "foreign name", DEMONYM: "demonym",
                         ABBREV: "abbreviation"}.get(how, "name"))
        precision = max(e.precision, 2) if o.partial or o.focus else e.precision
        return Candidate(e.name, lat, lon, e.country, e.kind, e.admin1, e.population, precision,
                         round(o.score, 3), e.geonameid, m)

    # ---------------------------------------------------------------- context

    def context(self, names: Iterable[str], scope: Iterable[str] = (), found: Iterable[str] = ()) -> Context:
        """The joint context of the place names of one text (each occurrence counts).

        names: names known to be places (the caller's); found: capitalised phrases the gazetteer knows,
        found in the text, which may not be places ('Georgia' the person): they count by how prominent
        their likeliest reading is (a country fully, a village of a few hundred people hardly).
        """
        ctx = Context(scope=frozenset(s.upper() for s in scope))
        counts: dict[str, float] = dict(Counter(n.strip() for n in names if n and n.strip()))
        maybe = Counter(n.strip() for n in found if n and n.strip())
        ranked: dict[str, list[_Option]] = {}
        for n in counts.keys() | maybe.keys():
            opts = self.options(n)
            if not opts:
                continue
            ranked[n] = self._score([_Option(o.entry, o.how, partial=o.partial) for o in opts], None, name_key(n))
            if maybe[n]:
                counts[n] = counts.get(n, 0.0) + maybe[n] * _prominence(ranked[n][0])
        self._votes(ctx, ranked, counts)
        for n, opts in ranked.items():
            ranked[n] = self._score(opts, ctx, name_key(n))
        self._votes(ctx, ranked, counts)
        for n, opts in ranked.items():
            ranked[n] = self._score(opts, ctx, name_key(n))
        ctx.anchors = []
        ctx.tops = {}
        for n, opts in ranked.items():
            probs = _softmax([o.score for o in opts])
            top = opts[0]
            if probs[0] > 0.5 and top.entry.kind not in _AREAS:
                ctx.anchors.append((name_key(n), top.entry.lat, top.entry.lon, probs[0] * counts.get(n, 0.0)))
                ctx.tops[name_key(n)] = top
        return ctx

    def _votes(self, ctx: Context, ranked: dict[str, list[_Option]], counts: dict[str, float]) -> None:
        countries: dict[str, float] = defaultdict(float)
        admins: dict[str, float] = defaultdict(float)
        ctx.own = {}
        for n, opts in ranked.items():
            probs = _softmax([o.score for o in opts])
            own_c: dict[str, float] = defaultdict(float)
            own_a: dict[str, float] = defaultdict(float)
            for o, p in zip(opts, probs, strict=True):
                if p < 0.05:
                    continue
                e = o.entry
                if e.country:
                    own_c[e.country] += p * counts.get(n, 0.0)
                if e.admin1:
                    own_a[f"{e.country}/{e.admin1}"] += p * counts.get(n, 0.0)
                elif e.kind in ("admin1", "admin2"):
                    own_a[f"{e.country}/{e.name}"] += p * counts.get(n, 0.0)
            for k, v in own_c.items():
                countries[k] += v
            for k, v in own_a.items():
                admins[k] += v
            key = name_key(n)
            prev = ctx.own.get(key)
            if prev:
                for k, v in prev[0].items():
                    own_c[k] += v
                for k, v in prev[1].items():
                    own_a[k] += v
            ctx.own[key] = (own_c, own_a)
        ctx.countries = dict(countries)
        ctx.admins = dict(admins)
        ctx.top_country = max(countries, key=lambda c: countries[c]) if countries else ""

    # ---------------------------------------------------------------- public entry points

    def resolve(self, name: str, text: str | None = None, *, context: Sequence[str] = (),
                scope: Sequence[str] = (), limit: int = 5, fallback: bool = False) -> list[Candidate]:
        """Candidates for the place `name`, best first.  See `flashpoint.geo.resolve`."""
        names = [*context, name]
        found = [t.text for t in self.find(text, resolve=False)] if text else []
        ctx = self.context(names, scope, found) if len(names) > 1 or found or scope else None
        return self._resolve_in(name, ctx, limit, fallback)

    def resolve_all(self, names: Sequence[str], text: str | None = None, *, scope: Sequence[str] = (),
                    limit: int = 5, fallback: bool = False) -> list[list[Candidate]]:
        """Resolve the place names of one text together (each gives context to the others)."""
        found = [t.text for t in self.find(text, resolve=False)] if text else []
        ctx = self.context(names, scope, found)
        return [self._resolve_in(n, ctx, limit, fallback) for n in names]

    def readings(self, name: str, ctx: Context | None, fallback: bool) -> list[_Option]:
        """The options that compete for `name`: its readings; with `fallback`, when it is not indexed whole,
        the readings of its longest known part and the place the text is most about."""
        opts = [_Option(o.entry, o.how, partial=o.partial) for o in self.options(name)]
        if not fallback or any(not o.partial and o.how % STRIPPED != FOREIGN for o in opts):
            return opts  # only weak readings (parts of the name, other languages' names) let the text's focus in
        if not opts:
            opts = self.partial_options(name)
        return opts + (self._focus(ctx) if ctx is not None else [])

    def _resolve_in(self, name: str, ctx: Context | None, limit: int, fallback: bool) -> list[Candidate]:
        opts = self.readings(name, ctx, fallback)
        return [self._candidate(o) for o in self._score(opts, ctx, name_key(name))[:limit]]

    def _focus(self, ctx: Context, n: int = 4) -> list[_Option]:
        """Places the text is about, as options for a name the gazetteer lacks: the `n` places named most
        (each with its share of the mentions and of the mentions within 100 km of it) and the main country."""
        anchors = [a for a in ctx.anchors if a[0] in ctx.tops and ctx.tops[a[0]].how % STRIPPED != FOREIGN]
        total = sum(a[3] for a in anchors) or 1.0
        out = []
        for key, lat, lon, weight in sorted(anchors, key=lambda a: -a[3])[:n]:
            o = ctx.tops[key]
            density = sum(w for _k, la, lo, w in anchors if haversine_km(lat, lon, la, lo) <= 100) / total
            out.append(_Option(o.entry, o.how, focus=True, focus_feats=(
                weight / total, density, float(o.entry.kind in _DIVISIONS), 0.0,
                float(o.entry.country == ctx.top_country))))
        if ctx.top_country and ctx.top_country in self.index.countries:
            out.append(_Option(self.index.countries[ctx.top_country], PRIMARY, focus=True,
                               focus_feats=(0.0, 0.0, 0.0, 1.0, 1.0)))
        return out

    def find(self, text: str, *, scope: Sequence[str] = (), resolve: bool = True) -> list[Toponym]:
        """Place names in `text`: capitalised phrases the gazetteer knows, longest first, resolved together."""
        spans = list(_find_spans(text, self))
        if not resolve:
            return [Toponym(s, e, text[s:e], ()) for s, e in spans]
        ctx = self.context([], scope, [text[s:e] for s, e in spans])
        return [Toponym(s, e, text[s:e], tuple(self._resolve_in(text[s:e], ctx, 5, False))) for s, e in spans]


def name_key(name: str) -> str:
    """The identity of a name within one text: 'The White House' and 'White House' are one name."""
    k = fold(name)
    return strip_articles(k) or k


def _prominence(o: _Option) -> float:
    """How sure a capitalised phrase is a place, from its likeliest reading: 1 for countries, continents,
    regions and provinces matched by their name, from 0 (a village) to 1 (a city of a million) for towns."""
    e = o.entry
    how = o.how % STRIPPED
    if e.kind in (*_AREAS, "admin1"):
        p = 1.0
    elif e.kind == "admin2":
        p = 0.5
    else:
        p = min(1.0, max(0.0, (math.log10(e.population + 1) - 3.0) / 3.0))
    return p * (0.2 if how == FOREIGN else 1.0) * (0.5 if o.how >= STRIPPED else 1.0)


def _cheap_prior(o: _Option) -> float:
    e = o.entry
    base = {"country": 9.0, "continent": 9.0, "region": 8.0, "admin1": 7.0, "admin2": 5.0}.get(e.kind, 0.0)
    return base + (math.log10(e.population + 1) if e.kind == "city" else 0.0) - 2.0 * (o.how % STRIPPED == FOREIGN)


def _softmax(xs: Sequence[float]) -> list[float]:
    if not xs:
        return []
    m = max(xs)
    ex = [math.exp(x - m) for x in xs]
    s = sum(ex)
    return [x / s for x in ex]


# Capitalised runs: words starting with a capital, joined by spaces, hyphens and lower-case particles.
_RUN = re.compile(
    r"(?<![\w.])(?:[A-Z][\w'’\-.]*[\w]|[A-Z])"
    r"(?:(?:\s+(?:of|de|del|da|do|dos|des|du|la|le|al|el|am|an|upon|on|the|and)\s+|\s+|-)(?:[A-Z][\w'’\-.]*[\w]|[A-Z]))*"
)
_STOP: frozenset[str] = frozenset(" ".join((
    "the a an and or but if in on at by for from to of with as is was are were be been this that",
    "these those he she it we they i you his her its our their my your me him them us who what when",
    "where why how which while after before since until then there here all any both each few more",
    "most much many some such no nor not only own same so than too very can will just should now one",
    "two three four five six seven eight nine ten first second last next new old also yet still even",
    "ever never once again other another every however although though because mr mrs ms dr sir",
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june",
    "july august september october november december today yesterday tomorrow please thanks yes ok im",
    "ive its dont",
)).split())


# One word alone that is a common word or names a kind of place ('Street', 'Church'), not a place.
_SKIP_ALONE = _STOP | frozenset(
    ["street", "road", "avenue", "church", "hospital", "school", "university", "college", "airport", "station", "park", "river", "lake", "bridge", "square", "market", "hotel", "club", "hall", "house", "court", "office", "tower", "building", "plaza", "mall", "library", "museum", "city", "town", "village"])


def _find_spans(text: str, geo: Geocoder) -> Iterable[tuple[int, int]]:
    for m in _RUN.finditer(text):
        words = list(re.finditer(r"[^\s\-]+", m.group(0)))
        i, n = 0, len(words)
        while i < n:
            hit = None
            for j in range(n, i, -1):
                s = m.start() + words[i].start()
                e = m.start() + words[j - 1].end()
                span = _POSSESSIVE.sub("", text[s:e].rstrip(".,;:"))
                if not span or (j - i == 1 and span.lower() in _SKIP_ALONE) or not span[0].isupper():
                    continue
                if geo.options(span):
                    hit = (s, s + len(span), j)
                    break
            if hit:
                yield hit[0], hit[1]
                i = hit[2]
            else:
                i += 1


_DEFAULT: list[Geocoder] = []


def geocoder() -> Geocoder:
    """The process-wide geocoder (the index opens on first use; building it the first time takes ~20 s)."""
    if not _DEFAULT:
        _DEFAULT.append(Geocoder())
    return _DEFAULT[0]
