"""What a trained decider reads about a candidate event: language around the trigger and the kind of
each mention, never a particular name, place or number (so a model carries over to other conflicts).

Names of actors become their kind and their role in the profile (``ACT:militia``), places their
kind (``PLC:city``), dates and numbers a class (``DATE``, ``NUM``), other capitalised words
``CAP``; everything else is the lowercased word itself.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from flashpoint.nlp.analysis import DocContext, Sentence
from flashpoint.nlp.records import Event
from flashpoint.nlp.sides import belligerent, side_named
from flashpoint.ontology.actors import actor_lexicon

_TOKEN = re.compile(r"[A-Za-z][\w'’\-]*|\d[\d,.]*|[\"“”‘’]")
_MODAL = re.compile(r"\b(?:will|would|could|may|might|should|can|must|shall)\b", re.I)
_PERFECT = re.compile(r"\b(?:has|have|had)\s+(?:\w+ly\s+)?(?:been\s+)?\w+(?:ed|en|wn|ne|ck|ot|ght|ung|it)\b", re.I)
_NEGATION = re.compile(r"\b(?:no|not|never|denied|denies|deny|without|neither|nor)\b|n't\b", re.I)
_QUOTE = re.compile(r"[\"“”]")
_SAID = re.compile(r"\b(?:said|says|told|according|announced|stated|added|reported|claimed|confirmed)\b", re.I)
WINDOW = 6
TRIGGER_WORDS = 3  # a longer trigger is reduced to its head words


@lru_cache(maxsize=1 << 16)
def word_class(tok: str, sentence_initial: bool) -> str:
    """How a word not inside a mention enters a feature: names (capitalised words) as ``CAP``.

    Each hyphenated part is judged alone ("Iran-backed" is ``CAP-backed``, "al-Sudani" ``al-CAP``)
    and a possessive keeps its ending (``CAP's``). A capitalised first word of a sentence is read as
    a name unless it is an English function word ("The", "After"), so that no name reaches a model.
    """
    if tok[0].isdigit():
        return "NUM"
    if tok in "\"“”‘’":
        return "QUOTE"
    tok = tok.replace("’", "'")
    stem, poss = (tok[:-2], "'s") if tok.lower().endswith("'s") and len(tok) > 2 else (tok, "")
    parts = []
    for i, part in enumerate(stem.split("-")):
        if part and part[0].isupper():
            initial_word = sentence_initial and i == 0 and (part[1:].islower() or len(part) == 1)
            parts.append(part.lower() if initial_word and part.lower() in STOP_WORDS else "CAP")
        else:
            parts.append("CAP" if any(c.isupper() for c in part) else part.lower())
    return "-".join(parts) + poss


_MASKED: dict[tuple[int, str], tuple[Sentence, list[tuple[int, int, str]]]] = {}


def masked_tokens(sent: Sentence, token_re: re.Pattern[str] = _TOKEN) -> list[tuple[int, int, str]]:
    """(start, end, token) over the sentence, mentions replaced by their class, other words by
    `word_class`; computed once per sentence for all its candidates and their options."""
    key = (id(sent), token_re.pattern)
    hit = _MASKED.get(key)
    if hit is not None and hit[0] is sent:
        return hit[1]
    if len(_MASKED) > 1024:
        _MASKED.clear()
    tokens = _masked(sent, token_re)
    _MASKED[key] = (sent, tokens)
    return tokens


def _masked(sent: Sentence, token_re: re.Pattern[str]) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for a in sent.actors:
        spans.append((a.start, a.end, f"ACT:{a.actor.kind}"))
    for p in sent.places:
        spans.append((p.start, p.end, f"PLC:{p.place.kind}"))
    for m, _ in sent.dates:
        spans.append((m.start, m.end, "DATE"))
    spans.sort()
    out: list[tuple[int, int, str]] = []
    taken_to = -1
    for s, e, label in spans:
        if s >= taken_to:
            out.append((s, e, label))
            taken_to = e
    covered = out[:]
    text = sent.text
    k = 0
    for tm in token_re.finditer(text):
        while k < len(covered) and covered[k][1] <= tm.start():
            k += 1
        if k < len(covered) and covered[k][0] <= tm.start() < covered[k][1]:
            continue
        out.append((tm.start(), tm.end(), word_class(tm.group(0), tm.start() == 0)))
    out.sort()
    return out


def _trigger_words(tokens: list[tuple[int, int, str]], text: str, t0: int, t1: int) -> str:
    """The trigger as a feature: its words as `masked_tokens` gives them, its first word itself
    (a lexicon's word, capitalised at the start of a sentence or in a headline).

    A long trigger (a broad pattern can match a whole clause) keeps its first two words and its
    last, so that a feature never holds a report's wording or a name, only the pattern's head.
    """
    words = [
        text[s:e].lower().replace("’", "'") if i == 0 and "CAP" in label else label
        for i, (s, e, label) in enumerate(t for t in tokens if t0 <= t[0] < t1)
    ]
    if len(words) > TRIGGER_WORDS:
        words = [*words[:2], "...", words[-1]]
    return " ".join(words)


def _bucket(n: float, edges: tuple[float, ...]) -> str:
    for i, e in enumerate(edges):
        if n <= e:
            return str(i)
    return str(len(edges))


def _role(name: str | None) -> str:
    """An actor's place in the profile: 'side' (a belligerent), 'third', 'unknown' or 'none'."""
    if not name:
        return "none"
    a = actor_lexicon().get(name)
    if a is None:
        return "unknown"
    return "side" if belligerent(side_named(name)) else "third"


def candidate_features(ev: Event, sent: Sentence, ctx: DocContext, same_type: int) -> dict[str, float]:
    """The features of one candidate (binary indicators and a few scaled numbers)."""
    group = "A" if ev.event_type == "ASSAULT" else "V"
    f: dict[str, float] = {"bias": 1.0, f"type={ev.event_type}": 1.0}

    def on(name: str, value: float = 1.0) -> None:
        f[name] = value
        f[f"{group}|{name}"] = value

    from flashpoint.nlp.events import RULE_DROP

    on("rules=" + ("drop" if any(x in RULE_DROP for x in ev.flags) else "keep"))
    for flag in ev.flags:
        on(f"flag={flag}")
        f[f"{ev.event_type}|flag={flag}"] = 1.0
    on(f"sent={_bucket(sent.index, (0, 1, 2, 4, 8))}")
    n = max(1, len(ctx.sentences))
    on(f"relpos={_bucket(sent.index / n, (0.1, 0.3, 0.6))}")
    on(f"actor={_role(ev.actor)}")
    on(f"target={_role(ev.target)}")
    lex = actor_lexicon()
    for role, name in (("actor", ev.actor), ("target", ev.target)):
        a = lex.get(name or "")
        if a is not None:
            on(f"{role}_kind={a.kind}")
    on(f"fatal={'yes' if ev.fatalities else 'no'}")
    on(f"injured={'yes' if ev.injured else 'no'}")
    on(f"place={ev.location.kind or 'none'}")
    on(f"precision={ev.date_precision or 'none'}")
    if group == "V":  # a statement told without its day: current news in a report's lead, background further on
        f[f"V|precision={ev.date_precision or 'none'}|sent={_bucket(sent.index, (0, 2))}"] = 1.0
    if ev.date and ctx.ref_date:
        gap = (ctx.ref_date - ev.date).days
        on(f"age={_bucket(gap, (-1, 0, 1, 3, 7, 31, 120, 365))}")
    else:
        on("age=none")
    on(f"mode={'yes' if ev.mode else 'no'}")
    on(f"retaliation={'yes' if ev.retaliation_for else 'no'}")
    on(f"same_type={_bucket(same_type, (0, 1, 3))}")
    text = sent.text
    on(f"len={_bucket(len(text), (60, 120, 200, 320))}")
    for name, pat in (("modal", _MODAL), ("perfect", _PERFECT), ("negation", _NEGATION), ("quote", _QUOTE),
                      ("said", _SAID)):
        if pat.search(text):
            on(name)
    tokens = masked_tokens(sent)
    if ev.trigger is not None:
        t0, t1 = ev.trigger[0] - sent.start, ev.trigger[1] - sent.start
        on(f"trig={_trigger_words(tokens, text, t0, t1)}")
        idx = next((i for i, t in enumerate(tokens) if t[0] >= t0), len(tokens))
        before = [t[2] for t in tokens[max(0, idx - WINDOW) : idx]]
        after = [t[2] for t in tokens[idx:] if t[0] >= t1][:WINDOW]
        for w in before:
            on(f"pre={w}")
        for w in after:
            on(f"post={w}")
        if before:
            on(f"pre1={before[-1]}")
        if len(before) > 1:
            on(f"pre2={before[-2]} {before[-1]}")
        if after:
            on(f"post1={after[0]}")
        if quote_open(text, t0):
            on("in_quote")
    return f


def quote_open(text: str, pos: int) -> bool:
    """Whether position `pos` lies inside a quotation."""
    before = text[:pos]
    return (before.count('"') % 2 == 1) or before.count("“") > before.count("”")


def sentence_of(ev: Event, ctx: DocContext) -> Sentence:
    """The sentence a candidate was read from."""
    starts = [s.start for s in ctx.sentences]
    return ctx.sentences[max(0, bisect_right(starts, ev.evidence.start) - 1)]


def featurize(candidates: list[Event], ctx: DocContext) -> None:
    """Compute and store the features of every candidate of a document."""
    counts: dict[str, int] = {}
    for ev in candidates:
        counts[ev.event_type] = counts.get(ev.event_type, 0) + 1
    for ev in candidates:
        ev.features = candidate_features(ev, sentence_of(ev, ctx), ctx, counts[ev.event_type] - 1)
