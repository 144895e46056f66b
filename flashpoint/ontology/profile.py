"""Conflict profiles: the sides, names, scope and sites of one tit-for-tat conflict, as data.

A profile is a YAML file (the shipped ones are in ``flashpoint/profiles/``; see
``docs/profiles.md`` for the format). Everything conflict-specific the extractor, the
analysis and the dashboard know comes from the active profile:

    from flashpoint.ontology.profile import load_profile, use_profile, active_profile
    with use_profile("israel-hezbollah"):
        ...  # actor_lexicon(), side_of(), the scope checks read this profile

``load_profile`` validates the file and raises :class:`ProfileError` naming the line at fault.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from flashpoint.errors import ConfigError

if TYPE_CHECKING:
    from flashpoint.ontology.actors import Actor, ActorLexicon

KINDS = ("state", "state_forces", "militia", "umbrella", "person", "group", "civilians")
MODES = ("drone", "rocket", "missile", "aerial", "artillery", "ground", "explosive")
ACT_SCOPES = ("all", "verbal", "none")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_SIDE_ID = re.compile(r"^[A-Za-z][\w\-]*$")


class ProfileError(ConfigError):
    """A profile file is missing, unreadable or does not follow the format."""


@dataclass(frozen=True)
class Side:
    """One belligerent side: its label and colour for displays, and the actors that stand for it."""

    id: str
    label: str
    colour: str
    representative: str  # the actor an act or statement against this side is recorded against by default
    collective: str | None = None  # the side's generic label for unnamed fighters ("Iran-backed militias")
    strike_mode: str | None = None  # the mode of this side's "strikes" when no weapon is named
    territory: tuple[str, ...] = ()  # countries whose places stand for this side when the other side strikes them
    opponent: str | None = None  # the side this one fights (the other side, when there are two)
    claims: bool = False  # its statements that it carried out an attack are claims of responsibility


@dataclass(frozen=True)
class Site:
    name: str
    kind: str
    country: str
    lat: float | None
    lon: float | None
    source: str
    aliases: tuple[str, ...] = ()
    hosts: str | None = None  # the side whose forces the site houses: an attack on it is an attack on that side


@dataclass(frozen=True)
class DefaultTarget:
    """When an attack names no target: an attack by `by` (side ids, 'unknown' for an unnamed attacker)
    whose sentence matches `words` or hits a site of one of `site_kinds` or a place in `countries`
    is recorded against `target`."""

    target: str
    by: tuple[str, ...]
    words: re.Pattern[str] | None = None
    site_kinds: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnchorEvent:
    name: str
    date: dt.date
    cues: tuple[str, ...]
    in_scope: bool = True


@dataclass(frozen=True)
class TerritoryNote:
    """A place held by another state than the one a gazetteer gives ("the Golan Heights" → ISR)."""

    place: str
    country: str
    note: str = ""


@dataclass(frozen=True, eq=False)
class Profile:
    name: str
    title: str
    scope_countries: tuple[str, ...]
    sides: dict[str, Side]
    actors: tuple[dict[str, Any], ...]
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    sites: tuple[Site, ...] = ()
    default_targets: tuple[DefaultTarget, ...] = ()
    anchor_events: tuple[AnchorEvent, ...] = ()
    territory: tuple[TerritoryNote, ...] = ()
    organisation_words: tuple[str, ...] = ()
    general_motives: tuple[str, ...] = ()  # what the sides fight over, never an act answered ("occupation")
    party_targets_only: tuple[str, ...] = ()  # scope countries where only attacks on the sides' parties count
    source: str = ""
    _scoped: dict[str, str] = field(default_factory=dict)  # actor name -> all | verbal | none

    @cached_property
    def lexicon(self) -> ActorLexicon:
        from flashpoint.ontology.actors import build_lexicon

        return build_lexicon(self)

    def side(self, side_id: str | None) -> Side | None:
        return self.sides.get(side_id or "")

    def opponent(self, side_id: str | None) -> Side | None:
        s = self.side(side_id)
        return self.side(s.opponent) if s else None

    def label(self, side: str | None) -> str:
        """A display label for a side id, or the name itself for a party outside the sides."""
        s = self.side(side)
        return s.label if s else (side or "")

    def state_of(self, country: str) -> str | None:
        """The state actor of a country (its government), if the profile has one."""
        for a in self.actors:
            if a["kind"] == "state" and a.get("country") == country:
                return str(a["name"])
        return None

    def act_scope(self, actor_name: str | None) -> str:
        """'all' (in scope), 'verbal' (only its statements are) or 'none' (out of scope) for an actor."""
        return self._scoped.get(actor_name or "", "all")

    def in_period(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        if self.period_start and day < self.period_start:
            return False
        return not (self.period_end and day > self.period_end)

    def colours(self) -> dict[str, str]:
        return {s.id: s.colour for s in self.sides.values()}

    def summary(self) -> dict[str, Any]:
        """What `flashpoint profile show` prints."""
        return {
            "name": self.name, "title": self.title, "source": self.source,
            "period": [str(self.period_start or ""), str(self.period_end or "")],
            "scope_countries": list(self.scope_countries),
            "sides": {s.id: {"label": s.label, "colour": s.colour, "representative": s.representative,
                             "collective": s.collective, "opponent": s.opponent,
                             "members": sorted(a["name"] for a in self.actors if a.get("side") == s.id)}
                      for s in self.sides.values()},
            "third_parties": sorted(a["name"] for a in self.actors if not a.get("side") and not a.get("stands_for")
                                    and self.act_scope(a["name"]) != "none"),
            "out_of_scope": sorted(n for n, s in self._scoped.items() if s == "none"),
            "actors": len(self.actors), "sites": len(self.sites), "anchor_events": len(self.anchor_events),
        }


# ---------------------------------------------------------------------------------------------
# loading and validation


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping (as key '__line__')."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = {str(k): v for k, v in loader.construct_mapping(node, deep=True).items()}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _Checker:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, node: Any, message: str) -> ProfileError:
        line = node.get("__line__") if isinstance(node, dict) else None
        where = f"{self.source}:{line}" if line else self.source
        return ProfileError(message, "see docs/profiles.md for the profile format", source=where)

    def keys(self, node: Any, what: str, required: tuple[str, ...], optional: tuple[str, ...]) -> None:
        if not isinstance(node, dict):
            raise self.fail(node, f"{what} must be a mapping")
        for k in required:
            if node.get(k) in (None, "", [], {}):
                raise self.fail(node, f"{what}: '{k}' is required")
        unknown = [k for k in node if k != "__line__" and k not in required + optional]
        if unknown:
            raise self.fail(node, f"{what}: unknown key '{unknown[0]}' (allowed: {', '.join(required + optional)})")

    def strings(self, node: dict[str, Any], key: str, what: str) -> tuple[str, ...]:
        v = node.get(key)
        if v is None:
            return ()
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, (str, int, float)) for x in v):
            raise self.fail(node, f"{what}: '{key}' must be a list of names")
        return tuple(str(x) for x in v)

    def iso3(self, node: dict[str, Any], value: Any, what: str) -> str:
        if not isinstance(value, str) or not _ISO3.match(value):
            raise self.fail(node, f"{what}: {value!r} is not an ISO 3166-1 alpha-3 country code (e.g. IRQ)")
        return value

    def date(self, node: dict[str, Any], value: Any, what: str) -> dt.date | None:
        if value in (None, ""):
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(node, f"{what}: {value!r} is not a date (YYYY-MM-DD)")


def parse_profile(text: str, source: str = "<profile>") -> Profile:
    """Validate and build a profile from YAML text; errors name the line at fault."""
    chk = _Checker(source)
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        raise ProfileError(f"not valid YAML ({getattr(exc, 'problem', exc)})", "fix the syntax", source=where)
    top = ("name", "scope_countries", "sides", "actors")
    chk.keys(data, "profile", top, ("title", "description", "period", "sites", "default_targets", "anchor_events",
                                      "territory", "organisation_words", "general_motives", "party_targets_only"))
    name = str(data["name"])
    period = data.get("period") or {}
    if period:
        chk.keys(period, "period", (), ("start", "end"))
    scope = tuple(chk.iso3(data, c, "scope_countries") for c in chk.strings(data, "scope_countries", "profile"))
    party_only = tuple(chk.iso3(data, c, "party_targets_only") for c in chk.strings(data, "party_targets_only", "profile"))
    for c in party_only:
        if c not in scope:
            raise chk.fail(data, f"party_targets_only: {c} is not one of the scope_countries")

    actors: list[dict[str, Any]] = []
    names: dict[str, dict[str, Any]] = {}
    if not isinstance(data["actors"], list):
        raise chk.fail(data, "'actors' must be a list of actor entries")
    for a in data["actors"]:
        chk.keys(a, "actor", ("name", "kind"), ("country", "side", "member_of", "backed_by", "stands_for", "sector",
                                                "inter", "aliases", "adjectives", "adjectives_anywhere",
                                                "counterpart", "acts"))
        if a["name"] in names:
            raise chk.fail(a, f"actor {a['name']!r} is listed twice")
        if a["kind"] not in KINDS:
            raise chk.fail(a, f"actor {a['name']!r}: kind {a['kind']!r} is not one of {', '.join(KINDS)}")
        if a.get("country") is not None:
            chk.iso3(a, a["country"], f"actor {a['name']!r}")
        if a.get("acts", "all") not in ACT_SCOPES:
            raise chk.fail(a, f"actor {a['name']!r}: acts must be one of {', '.join(ACT_SCOPES)}")
        for key in ("aliases", "adjectives", "member_of"):
            chk.strings(a, key, f"actor {a['name']!r}")
        names[a["name"]] = a
        actors.append(a)

    sides: dict[str, Side] = {}
    if not isinstance(data["sides"], dict) or len([k for k in data["sides"] if k != "__line__"]) < 2:
        raise chk.fail(data, "'sides' must map at least two side ids to their settings")
    side_ids = [k for k in data["sides"] if k != "__line__"]
    for sid in side_ids:
        s = data["sides"][sid]
        what = f"side {sid!r}"
        if not _SIDE_ID.match(str(sid)):
            raise chk.fail(data["sides"], f"{what}: a side id is a word (letters, digits, - and _)")
        chk.keys(s, what, ("label", "representative"), ("colour", "collective", "strike_mode", "territory", "opponent",
                                                           "claims"))
        for key in ("representative", "collective"):
            if s.get(key) and s[key] not in names:
                raise chk.fail(s, f"{what}: {key} {s[key]!r} is not an actor of this profile")
        if s.get("strike_mode") and s["strike_mode"] not in MODES:
            raise chk.fail(s, f"{what}: strike_mode must be one of {', '.join(MODES)}")
        colour = str(s.get("colour") or ("#2b6cb0" if not sides else "#c53030"))
        if not _COLOUR.match(colour):
            raise chk.fail(s, f"{what}: colour {colour!r} is not #rrggbb")
        opponent = s.get("opponent") or (next(x for x in side_ids if x != sid) if len(side_ids) == 2 else None)
        if opponent is not None and opponent not in side_ids:
            raise chk.fail(s, f"{what}: opponent {opponent!r} is not a side of this profile")
        territory = tuple(chk.iso3(s, c, what) for c in chk.strings(s, "territory", what))
        sides[str(sid)] = Side(str(sid), str(s["label"]), colour, s["representative"], s.get("collective"),
                               s.get("strike_mode"), territory, opponent, bool(s.get("claims")))

    for a in actors:
        what = f"actor {a['name']!r}"
        if a.get("side") is not None and a["side"] not in sides:
            raise chk.fail(a, f"{what}: side {a['side']!r} is not one of {', '.join(sides)}")
        for key in ("backed_by", "stands_for", "counterpart"):
            if a.get(key) and a[key] not in names:
                raise chk.fail(a, f"{what}: {key} {a[key]!r} is not an actor of this profile")
        for other in chk.strings(a, "member_of", what):
            if other not in names:
                raise chk.fail(a, f"{what}: member_of {other!r} is not an actor of this profile")

    sites = []
    for s in data.get("sites") or []:
        chk.keys(s, "site", ("name", "kind", "country"), ("aliases", "lat", "lon", "source", "hosts"))
        what = f"site {s['name']!r}"
        chk.iso3(s, s["country"], what)
        lat, lon = s.get("lat"), s.get("lon")
        for v, lo, hi, label in ((lat, -90, 90, "lat"), (lon, -180, 180, "lon")):
            if v is not None and (not isinstance(v, (int, float)) or not lo <= v <= hi):
                raise chk.fail(s, f"{what}: {label} {v!r} is not a coordinate")
        if s.get("hosts") and s["hosts"] not in sides:
            raise chk.fail(s, f"{what}: hosts {s['hosts']!r} is not a side")
        sites.append(Site(str(s["name"]), str(s["kind"]), s["country"], lat, lon, str(s.get("source") or ""),
                          chk.strings(s, "aliases", what), s.get("hosts")))

    rules = []
    for r in data.get("default_targets") or []:
        chk.keys(r, "default target", ("target", "by"), ("words", "site_kinds", "countries"))
        what = f"default target {r['target']!r}"
        if r["target"] not in names:
            raise chk.fail(r, f"{what}: not an actor of this profile")
        by = chk.strings(r, "by", what)
        for b in by:
            if b not in sides and b != "unknown":
                raise chk.fail(r, f"{what}: 'by' {b!r} is neither a side nor 'unknown'")
        pattern = None
        if r.get("words"):
            try:
                pattern = re.compile(str(r["words"]), re.I)
            except re.error as exc:
                raise chk.fail(r, f"{what}: words is not a valid regular expression ({exc})")
        if not (pattern or r.get("site_kinds") or r.get("countries")):
            raise chk.fail(r, f"{what}: give words, site_kinds or countries")
        countries = tuple(chk.iso3(r, c, what) for c in chk.strings(r, "countries", what))
        rules.append(DefaultTarget(r["target"], by, pattern, chk.strings(r, "site_kinds", what), countries))

    anchors = []
    for e in data.get("anchor_events") or []:
        chk.keys(e, "anchor event", ("name", "date", "cues"), ("in_scope",))
        day = chk.date(e, e["date"], f"anchor event {e['name']!r}")
        assert day is not None
        anchors.append(AnchorEvent(str(e["name"]), day, chk.strings(e, "cues", "anchor event"),
                                   bool(e.get("in_scope", True))))

    notes: list[TerritoryNote] = []
    for t in data.get("territory") or []:
        chk.keys(t, "territory note", ("place", "country"), ("note",))
        notes.append(TerritoryNote(str(t["place"]), chk.iso3(t, t["country"], "territory note"),
                                       str(t.get("note") or "")))

    clean_actors = tuple({k: v for k, v in a.items() if k != "__line__"} for a in actors)
    scoped = {a["name"]: a.get("acts", "all") for a in actors}
    return Profile(
        name=name, title=str(data.get("title") or name), scope_countries=scope, sides=sides, actors=clean_actors,
        period_start=chk.date(period, period.get("start"), "period") if period else None,
        period_end=chk.date(period, period.get("end"), "period") if period else None,
        sites=tuple(sites), default_targets=tuple(rules), anchor_events=tuple(anchors), territory=tuple(notes),
        organisation_words=chk.strings(data, "organisation_words", "profile"),
        general_motives=chk.strings(data, "general_motives", "profile"), source=source, _scoped=scoped,
        party_targets_only=party_only,
    )


def default_profile_name() -> str:
    """The profile used when none is named (flashpoint/profiles/DEFAULT holds its name)."""
    return resources.files("flashpoint.profiles").joinpath("DEFAULT").read_text("utf-8").strip()


def shipped_profiles() -> list[str]:
    """Names of the profiles that ship with flashpoint."""
    folder = resources.files("flashpoint.profiles")
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


_CACHE: dict[str, Profile] = {}


def load_profile(name_or_path: str | Path) -> Profile:
    """A shipped profile by name, or a profile file by path; validated, cached per path."""
    key = str(name_or_path)
    if key in _CACHE:
        return _CACHE[key]
    path = Path(key)
    if key in shipped_profiles():
        text = resources.files("flashpoint.profiles").joinpath(f"{key}.yaml").read_text("utf-8")
        source = f"{key}.yaml"
    elif path.suffix in (".yaml", ".yml") or path.exists():
        try:
            text = path.read_text("utf-8")
        except OSError as exc:
            raise ProfileError(f"cannot read profile {key} ({exc.strerror or exc})",
                               f"shipped profiles: {', '.join(shipped_profiles())}")
        source = str(path)
    else:
        raise ProfileError(f"no profile named {key!r}",
                           f"use one of {', '.join(shipped_profiles())}, or the path of a profile YAML file")
    prof = parse_profile(text, source)
    _CACHE[key] = prof
    return prof


_ACTIVE: contextvars.ContextVar[Profile | None] = contextvars.ContextVar("flashpoint_profile", default=None)


def active_profile() -> Profile:
    """The profile in use (the default one unless `use_profile`/`set_profile` chose another)."""
    prof = _ACTIVE.get()
    if prof is None:
        prof = load_profile(default_profile_name())
        _ACTIVE.set(prof)
    return prof


def set_profile(profile: Profile | str | Path) -> Profile:
    """Make `profile` the active one for this context (a CLI run, a thread) and return it."""
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    _ACTIVE.set(prof)
    return prof


@contextmanager
def use_profile(profile: Profile | str | Path) -> Iterator[Profile]:
    """Run a block with `profile` active, then restore the one before."""
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    token = _ACTIVE.set(prof)
    try:
        yield prof
    finally:
        _ACTIVE.reset(token)


def actor_side(actor: Actor) -> str:
    """The side id of an actor of the active profile, or its own name for a party outside the sides."""
    return actor.side or actor.represents
