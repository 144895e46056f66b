"""Scoring extracted events and tallies against gold annotations, with the semantics of GUIDE §8.

Per document, a predicted event may match a gold event of the same type whose date lies within
the gold's precision (a day either side for `day`, three for `approximate`, the month for
`month`; a missing date on either side does not block) and whose country agrees (or is missing).
Pairs are taken best first (agreeing date, country, actor, target and place score higher).
Gold events marked `required: false` are neither missed nor counted when matched. A match is
strict when date, country, actor and target are all right.  Tallies are recalled by count (and
by per-country breakdown where the gold gives one).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flashpoint.errors import ConfigError
from flashpoint.ontology.actors import actor_lexicon

_UNKNOWN = {"unknown", "unidentified", "unknown group", "unidentified group", "unknown armed group",
            "unidentified armed group", "unidentified gunmen", "unknown assailants"}


def fold(name: str | None) -> str:
    if not name:
        return ""
    s = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"['`’ʼ]", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return " ".join(w for w in s.split() if w not in ("al", "el", "the", "of", "in"))


def canonical_actor(name: Any) -> str:
    if isinstance(name, dict):
        name = name.get("name")
    if isinstance(name, list):
        name = name[0] if name else None
    if not name or fold(name) in {fold(u) for u in _UNKNOWN}:
        return ""
    actor = actor_lexicon().get(str(name))
    if actor is not None:
        rep = actor_lexicon().get(actor.represents) or actor
        return rep.name
    return fold(name)


def canonical_country(c: Any) -> str:
    if not c:
        return ""
    c = str(c).strip()
    if len(c) == 3 and c.isalpha():
        return c.upper()
    from flashpoint.vocab import _country_names

    return _country_names().get(c.lower(), c.upper())


def _date(v: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(v)[:10]) if v else None
    except ValueError:
        return None


def _range(v: Any) -> tuple[int | None, int | None] | None:
    if v is None:
        return None
    if isinstance(v, int | float):
        return int(v), int(v)
    if isinstance(v, dict):
        return v.get("low"), v.get("high")
    return None


@dataclass
class NormEvent:
    type: str
    date: dt.date | None
    precision: str
    country: str
    actor: str
    target: str
    mode: str | None
    location: str
    fatalities: tuple[int | None, int | None] | None
    injured: tuple[int | None, int | None] | None
    required: bool

    @classmethod
    def of(cls, e: dict[str, Any]) -> NormEvent:
        return cls(
            type=str(e.get("event_type") or e.get("type") or "").upper(),
            date=_date(e.get("date") or e.get("event_date")),
            precision=(e.get("date_precision") or "day").lower(),
            country=canonical_country(e.get("country")),
            actor=canonical_actor(e.get("actor") or e.get("actor1")),
            target=canonical_actor(e.get("target") or e.get("actor2")),
            mode=(e.get("mode") or None),
            location=fold(e.get("location")),
            fatalities=_range(e.get("fatalities")),
            injured=_range(e.get("injured")),
            required=e.get("required", True),
        )


def date_ok(p: NormEvent, g: NormEvent) -> bool | None:
    if not g.date:
        return None
    if not p.date:
        return False
    if g.precision == "month":
        return (p.date.year, p.date.month) == (g.date.year, g.date.month)
    return abs((p.date - g.date).days) <= (3 if g.precision == "approximate" else 0)


def pair_score(p: NormEvent, g: NormEvent) -> float | None:
    """How well a prediction fits a gold event; None when they cannot be the same event."""
    if p.type != g.type:
        return None
    score = 0.0
    if p.date and g.date:
        window = {"day": 1, "approximate": 3}.get(g.precision, 31)
        if abs((p.date - g.date).days) > window:
            return None
        score += 2 if date_ok(p, g) else 1
    if p.country and g.country:
        if p.country != g.country:
            return None
        score += 1
    score += float(bool(g.actor) and p.actor == g.actor) + float(bool(g.target) and p.target == g.target)
    if g.location and p.location and (g.location in p.location or p.location in g.location):
        score += 0.5
    return score


def match(preds: list[NormEvent], golds: list[NormEvent]) -> list[tuple[int, int]]:
    cands = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            s = pair_score(p, g)
            if s is not None:
                cands.append((s + (0.25 if g.required else 0.0), i, j))
    cands.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1, "tp": self.tp, "fp": self.fp,
                "fn": self.fn}


@dataclass
class Report:
    documents: int = 0
    tiers: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in ("all", "ASSAULT", "verbal", "strict")})
    fields: dict[str, list[int]] = field(default_factory=dict)
    tallies: Counts = field(default_factory=Counts)
    per_doc: dict[str, Counts] = field(default_factory=dict)
    types: dict[str, Counts] = field(default_factory=dict)

    def per_type(self) -> dict[str, Counts]:
        """Precision/recall/F1 per event type (a prediction counts against its own type when unmatched)."""
        return dict(sorted(self.types.items()))

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: v.as_dict() for k, v in self.tiers.items()}
        out["fields"] = {k: (v[0] / v[1] if v[1] else None) for k, v in self.fields.items()}
        out["tallies"] = self.tallies.as_dict()
        out["documents"] = self.documents
        out["types"] = {k: v.as_dict() for k, v in self.per_type().items()}
        return out

    def headline(self) -> str:
        return (f"score: F1 {self.tiers['all'].f1:.3f} strict-F1 {self.tiers['strict'].f1:.3f} "
                f"ASSAULT-F1 {self.tiers['ASSAULT'].f1:.3f} tallies-R {self.tallies.recall:.2f}")


def _field(report: Report, name: str, ok: bool) -> None:
    cell = report.fields.setdefault(name, [0, 0])
    cell[0] += int(ok)
    cell[1] += 1


def _is_tally(rec: dict[str, Any]) -> bool:
    return rec.get("kind") == "tally" or ("count" in rec and "event_type" not in rec)


def score(gold: dict[str, dict[str, Any]], predictions: list[dict[str, Any]]) -> Report:
    """Score `predictions` (GUIDE §8 records with doc_id) against gold documents keyed by id."""
    report = Report(documents=len(gold))
    for name in ("date", "country", "actor", "target", "mode", "location", "fatalities", "injured"):
        report.fields[name] = [0, 0]
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for rec in predictions:
        by_doc.setdefault(str(rec.get("doc_id") or ""), []).append(rec)
    for doc_id, g in gold.items():
        recs = by_doc.get(doc_id, [])
        preds = [NormEvent.of(r) for r in recs if not _is_tally(r)]
        golds = [NormEvent.of(e) for e in g.get("events", [])]
        pairs = match(preds, golds)
        doc = report.per_doc.setdefault(doc_id, Counts())
        for i, j in pairs:
            p, q = preds[i], golds[j]
            if not q.required:
                continue
            tier = "ASSAULT" if q.type == "ASSAULT" else "verbal"
            report.types.setdefault(q.type, Counts()).tp += 1
            report.tiers["all"].tp += 1
            report.tiers[tier].tp += 1
            doc.tp += 1
            checks: dict[str, bool] = {"country": p.country == q.country, "actor": p.actor == q.actor,
                                       "target": p.target == q.target}
            d = date_ok(p, q)
            if d is not None:
                checks["date"] = d
            if q.mode:
                checks["mode"] = p.mode == q.mode
            if q.location:
                checks["location"] = bool(p.location) and (q.location in p.location or p.location in q.location)
            if q.fatalities:
                checks["fatalities"] = p.fatalities == q.fatalities
            if q.injured:
                checks["injured"] = p.injured == q.injured
            for k, v in checks.items():
                _field(report, k, v)
            if all(checks.get(k, True) for k in ("date", "country", "actor", "target")):
                report.tiers["strict"].tp += 1
            else:
                report.tiers["strict"].fp += 1
                report.tiers["strict"].fn += 1
        matched_p = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        for i, p in enumerate(preds):
            if i not in matched_p:
                report.types.setdefault(p.type, Counts()).fp += 1
                for t in ("all", "ASSAULT" if p.type == "ASSAULT" else "verbal", "strict"):
                    report.tiers[t].fp += 1
                doc.fp += 1
        for j, q in enumerate(golds):
            if j not in matched_g and q.required:
                report.types.setdefault(q.type, Counts()).fn += 1
                for t in ("all", "ASSAULT" if q.type == "ASSAULT" else "verbal", "strict"):
                    report.tiers[t].fn += 1
                doc.fn += 1
        _score_tallies(report, g.get("tallies", []), [r for r in recs if _is_tally(r)])
    return report


def _score_tallies(report: Report, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> None:
    used: set[int] = set()
    for t in gold:
        for k, p in enumerate(pred):
            if k in used:
                continue
            try:
                same = int(p.get("count")) == int(t["count"])  # type: ignore[arg-type]
            except (TypeError, ValueError):
                same = False
            if same and t.get("by_country"):
                given = {canonical_country(c): int(n) for c, n in (p.get("by_country") or {}).items()}
                same = given == t["by_country"]
            if same:
                used.add(k)
                break
    report.tallies.tp += len(used)
    report.tallies.fp += len(pred) - len(used)
    report.tallies.fn += len(gold) - len(used)


def load_gold(gold_dir: Path) -> dict[str, dict[str, Any]]:
    if not gold_dir.is_dir():
        raise ConfigError(f"gold directory {gold_dir} does not exist", "pass --gold DIR with ID.json files")
    out = {}
    for f in sorted(gold_dir.glob("*.json")):
        g = json.loads(f.read_text(encoding="utf-8"))
        out[str(g["id"])] = g
    if not out:
        raise ConfigError(f"no gold files in {gold_dir}", "pass --gold DIR with ID.json files")
    return out


def load_predictions(path: Path) -> list[dict[str, Any]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{path}:{n}: invalid JSON ({exc.msg})", "pass a JSONL file of records")
    return out
