"""Training and cross-validating the extractor's models on annotated reports (needs scikit-learn:
`pip install 'flashpoint[train]'`; `make train` builds flashpoint/nlp/models/extractor.json).

Labels come from the gold events (GUIDE §8 gold files):
- keep: 1 when the candidate's sentence states a gold act of its type (holds that event's
  evidence); no label (left out) when it can only be an optional gold act or a gold act stated in
  another sentence (a second mention: merging decides those); 0 otherwise.
- actor / target: for a candidate labelled 1, each party its sentence names is 1 for a role when
  it is (under the profile's canonical names) that role of a gold act of the candidate's type stated
  in that sentence.

Cross-validation is by document: every model scoring a document (and every threshold used on it)
was fitted without that document.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flashpoint.evaluate import NormEvent, Report, canonical_actor, pair_score, score
from flashpoint.nlp.analysis import DocContext, analyse
from flashpoint.nlp.decider import LinearModel, Models
from flashpoint.nlp.events import finish, hard_drop, propose
from flashpoint.nlp.features import featurize, sentence_of
from flashpoint.nlp.records import Event
from flashpoint.nlp.roles import option_features, options
from flashpoint.nlp.tallies import extract_tallies
from flashpoint.ontology.profile import Profile, load_profile, use_profile

THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
THRESHOLD_TIE = 0.005  # inner-CV event F1 differences smaller than this do not move the threshold off 0.5
DEFAULT_C = 0.2
ROLE_C = 0.1


@dataclass
class Sample:
    """One annotated document: its analysis, its candidates and their labels."""

    doc_id: str
    profile: Profile
    ctx: DocContext
    candidates: list[Event]
    labels: list[int | None]
    roles: dict[int, tuple[set[str], set[str]]]  # candidate index -> (gold actors, gold targets) of its sentence
    gold: dict[str, Any]
    tallies: list[dict[str, Any]] = field(default_factory=list)
    unreported: list[Event] = field(default_factory=list)  # candidates ruled out (hard flags): figure donors only


def _overlaps(ev: Event, span: tuple[int, int] | None) -> bool:
    return span is not None and (ev.evidence.start <= span[0] < ev.evidence.end or span[0] <= ev.evidence.start < span[1])


def _keep_label(ev: Event, golds: list[NormEvent], evidence: list[tuple[int, int] | None]) -> int | None:
    here = [j for j, g in enumerate(golds) if g.type == ev.event_type and _overlaps(ev, evidence[j])]
    if any(golds[j].required for j in here):
        return 1
    p = NormEvent.of(ev.to_record())
    if here or any(pair_score(p, g) is not None for g in golds):
        return None
    return 0


def make_sample(doc: dict[str, Any], gold: dict[str, Any], profile: Profile) -> Sample:
    """Analyse one annotated document under its profile and label its candidates."""
    published = dt.date.fromisoformat(doc["published"]) if doc.get("published") else None
    with use_profile(profile):
        ctx = analyse(doc["id"], doc["text"], published, "metadata" if published else "none")
        proposed = propose(ctx)
        cands = [c for c in proposed if not hard_drop(c)]
        unreported = [c for c in proposed if hard_drop(c)]
        raw = gold.get("events", [])
        golds = [NormEvent.of(e) for e in raw]
        evidence: list[tuple[int, int] | None] = []
        for e in raw:
            at = ctx.text.find(e.get("evidence") or "\x00")
            evidence.append((at, at + len(e["evidence"])) if at >= 0 else None)
        labels = [_keep_label(c, golds, evidence) for c in cands]
        roles = {}
        for i, c in enumerate(cands):
            if labels[i] != 1:
                continue
            here = [golds[j] for j in range(len(golds)) if golds[j].type == c.event_type and _overlaps(c, evidence[j])]
            roles[i] = ({g.actor for g in here if g.actor}, {g.target for g in here if g.target})
        tallies = [t.to_record() for t in extract_tallies(ctx)]
    return Sample(doc["id"], profile, ctx, cands, labels, roles, gold, tallies, unreported)


def load_corpus(docs: Path, gold_dir: Path, profile: Profile | str) -> list[Sample]:
    """Samples for every document of a JSONL corpus that has a gold file (the text is read as
    `flashpoint ingest` reads it; the reference date is the document's publication date)."""
    from flashpoint.ingest import read_source
    from flashpoint.models import Document

    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    out = []
    for _, item in read_source(str(docs)):
        if not isinstance(item, Document):
            continue
        path = gold_dir / f"{item.id}.json"
        if not path.exists():
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        raw = {"id": item.id, "text": item.body,
               "published": item.reference_date.isoformat() if item.reference_date else None}
        out.append(make_sample(raw, gold, prof))
    return out


def _fit(xs: list[dict[str, float]], ys: list[int], c: float) -> LinearModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform(xs)
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, ys)
    weights = {name: round(float(w), 6) for name, w in zip(vec.feature_names_, model.coef_[0], strict=True)
               if abs(w) >= 1e-6}
    return LinearModel(weights, round(float(model.intercept_[0]), 6), 0.5)


def fit_roles(samples: Sequence[Sample], c: float = ROLE_C) -> tuple[LinearModel | None, LinearModel | None]:
    """The actor and target models: one row per (positive candidate, party named in its sentence)."""
    rows: dict[str, tuple[list[dict[str, float]], list[int]]] = {"actor": ([], []), "target": ([], [])}
    for s in samples:
        with use_profile(s.profile):
            for i, (actors, targets) in s.roles.items():
                cand = s.candidates[i]
                sent = sentence_of(cand, s.ctx)
                opts = options(cand, sent)
                for k, o in enumerate(opts):
                    feats = option_features(cand, sent, opts, k)
                    name = canonical_actor(o.name)
                    for role, gold in (("actor", actors), ("target", targets)):
                        rows[role][0].append(feats)
                        rows[role][1].append(int(name in gold))
    out = []
    for role in ("actor", "target"):
        xs, ys = rows[role]
        out.append(_fit(xs, ys, c) if len(set(ys)) == 2 else None)
    return out[0], out[1]


def _decided(models: Models, s: Sample, threshold: float | None = None) -> list[Event]:
    """Copies of a sample's candidates after role assignment, with features, and the keep probability
    (in `confidence`); those under `threshold` dropped when one is given."""
    cands = copy.deepcopy(s.candidates)
    with use_profile(s.profile):
        if models.actor is not None or models.target is not None:
            from flashpoint.nlp.roles import assign_roles

            assign_roles(cands, s.ctx, models.actor, models.target)
        featurize(cands, s.ctx)
    if models.keep is not None:
        for c in cands:
            c.confidence = models.keep.probability(c.features)
    if threshold is None:
        return cands
    return [c for c in cands if c.confidence >= threshold]


def fit_keep(samples: Sequence[Sample], role_models: Models, c: float = DEFAULT_C) -> LinearModel:
    """The keep model, over candidates whose roles `role_models` assigned (as at run time)."""
    xs, ys = [], []
    for s in samples:
        for cand, y in zip(_decided(role_models, s), s.labels, strict=True):
            if y is not None:
                xs.append(cand.features)
                ys.append(y)
    return _fit(xs, ys, c)


def fit_models(samples: Sequence[Sample], c: float = DEFAULT_C, roles: bool = True) -> Models:
    """Role models, then the keep model (threshold 0.5)."""
    actor, target = fit_roles(samples) if roles else (None, None)
    models = Models(actor=actor, target=target)
    models.keep = fit_keep(samples, models, c)
    return models


def folds(samples: Sequence[Sample], k: int, repeat: int = 0) -> list[list[Sample]]:
    """Documents split into k folds by a hash of their id (stable across runs and machines); `repeat` picks
    another assignment of documents to folds (repeated cross-validation)."""
    out: list[list[Sample]] = [[] for _ in range(k)]
    for s in samples:
        key = f"{s.profile.name}/{s.doc_id}" if repeat == 0 else f"{repeat}:{s.profile.name}/{s.doc_id}"
        out[zlib.crc32(key.encode()) % k].append(s)
    return out


def _records(scored: Iterable[tuple[Sample, list[Event]]], threshold: float) -> list[dict[str, Any]]:
    """Records from candidates whose keep probability (in `confidence`) is at least `threshold`; the rest
    give their figures to the events they are readings of, as at run time."""
    records: list[dict[str, Any]] = []
    for s, cands in scored:
        cands = copy.deepcopy(cands)
        kept = [c for c in cands if c.confidence >= threshold]
        rest = [c for c in cands if c.confidence < threshold] + copy.deepcopy(s.unreported)
        with use_profile(s.profile):
            records += [e.to_record() for e in finish(kept, s.ctx, rest)]
        records += s.tallies
    return records


def predict(models: Models, samples: Iterable[Sample]) -> list[dict[str, Any]]:
    """GUIDE §8 records for `samples` (the samples themselves are not changed)."""
    thr = models.keep.threshold if models.keep else 0.5
    return _records(((s, _decided(models, s)) for s in samples), thr)


def score_samples(samples: Sequence[Sample], records: list[dict[str, Any]]) -> dict[str, Report]:
    """One report per profile (a profile's canonical names score its gold)."""
    out: dict[str, Report] = {}
    by_profile: dict[str, list[Sample]] = {}
    for s in samples:
        by_profile.setdefault(s.profile.name, []).append(s)
    for name, group in by_profile.items():
        ids = {s.doc_id for s in group}
        with use_profile(group[0].profile):
            out[name] = score({s.doc_id: s.gold for s in group}, [r for r in records if r["doc_id"] in ids])
    return out


def _f1(reports: dict[str, Report]) -> float:
    tp = sum(r.tiers["all"].tp for r in reports.values())
    fp = sum(r.tiers["all"].fp for r in reports.values())
    fn = sum(r.tiers["all"].fn for r in reports.values())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def choose_threshold(samples: Sequence[Sample], k: int = 3, c: float = DEFAULT_C, repeat: int = 0) -> float:
    """The keep threshold with the best event F1 over `samples`, each scored by models not fitted on it."""
    scored: list[tuple[Sample, list[Event]]] = []
    inner = folds(samples, k, repeat)
    for i, test in enumerate(inner):
        train = [s for j, f in enumerate(inner) if j != i for s in f]
        if not train or not test:
            continue
        models = fit_models(train, c)
        scored += [(s, _decided(models, s)) for s in test]
    return pick_threshold({thr: _f1(score_samples([s for s, _ in scored], _records(scored, thr))) for thr in THRESHOLDS})


def pick_threshold(f1s: dict[float, float]) -> float:
    """The threshold to use given the event F1 each one gave: the F1 curve is flat near its top, and a threshold
    only a hair better than the probability's own midpoint is noise of the inner folds, so the one nearest 0.5
    among those within THRESHOLD_TIE of the best wins (the lower one of two as near)."""
    top = max(f1s.values())
    near = [thr for thr, f1 in f1s.items() if f1 >= top - THRESHOLD_TIE]
    return min(near, key=lambda thr: (abs(thr - 0.5), thr))


def train(samples: Sequence[Sample], c: float = DEFAULT_C, repeat: int = 0) -> Models:
    """The models for `samples`: fitted on all of them, the keep threshold by inner cross-validation (its folds
    drawn as `folds(..., repeat)` draws them)."""
    threshold = choose_threshold(samples, c=c, repeat=repeat)
    models = fit_models(samples, c)
    assert models.keep is not None
    models.keep.threshold = threshold
    models.meta.update({"documents": len(samples), "profiles": sorted({s.profile.name for s in samples}),
                        "candidates": sum(len(s.candidates) for s in samples),
                        "threshold_by": "3-fold cross-validation on the training documents"})
    return models


def cross_validate(samples: Sequence[Sample], k: int = 5, c: float = DEFAULT_C,
                   repeat: int = 0) -> tuple[list[dict[str, Any]], dict[str, Report]]:
    """Document-level k-fold cross-validation: records for every document from models fitted without
    its fold, and the reports per profile. `repeat` draws another assignment of documents to folds: one
    assignment's figures move by 0.01-0.03 when a few borderline decisions flip, so quality is judged on the
    mean over several (see `repeated_figures`)."""
    records: list[dict[str, Any]] = []
    parts = folds(samples, k, repeat)
    for i, test in enumerate(parts):
        train_set = [s for j, f in enumerate(parts) if j != i for s in f]
        if not test:
            continue
        records += predict(train(train_set, c, repeat), test)
    return records, score_samples(samples, records)


HEADLINE = ("f1", "strict_f1", "verbal_f1", "assault_f1", "tally_recall")


def repeated_figures(samples: Sequence[Sample], k: int = 5, repeats: int = 3) -> dict[str, dict[str, Any]]:
    """Headline figures per profile under k-fold cross-validation repeated over `repeats` assignments of
    documents to folds: the mean, and each assignment's figure."""
    runs: list[dict[str, dict[str, Any]]] = []
    for r in range(repeats):
        runs.append(report_dict(cross_validate(samples, k, repeat=r)[1]))
    out: dict[str, dict[str, Any]] = {}
    for name in runs[0]:
        out[name] = {key: round(sum(run[name][key] for run in runs) / repeats, 3) for key in HEADLINE}
        out[name]["each"] = {key: [run[name][key] for run in runs] for key in HEADLINE}
    return out


# ---------------------------------------------------------------------------------------------
# corpora and the command line (`make train`, `make cv`)

DEFAULT_MODEL = Path(__file__).parent / "models" / "extractor.json"


def shared_corpora(shared: Path) -> list[tuple[Path, Path, str]]:
    """(docs, gold, profile) of the annotated corpora under ../shared/corpus: `dev` is annotated under the
    default profile, `dev-NAME` under the shipped profile NAME."""
    from flashpoint.ontology.profile import default_profile_name, shipped_profiles

    out = []
    for folder in sorted((shared / "corpus").glob("dev*")):
        profile = default_profile_name() if folder.name == "dev" else folder.name[len("dev-") :]
        docs, gold = folder / "docs.jsonl", folder / "gold"
        if profile in shipped_profiles() and docs.exists() and gold.is_dir():
            out.append((docs, gold, profile))
    return out


def load_corpora(corpora: Sequence[tuple[Path, Path, str]]) -> list[Sample]:
    return [s for docs, gold, profile in corpora for s in load_corpus(docs, gold, profile)]


def report_dict(reports: dict[str, Report], samples: Sequence[Sample] = (),
                records: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Per profile: the scorer's tiers, fields and per-type F1; with `samples` and their `records`, the
    component yardsticks too (flashpoint.components)."""
    from flashpoint.components import component_report

    out: dict[str, Any] = {}
    for name, r in reports.items():
        d = r.as_dict()
        out[name] = {"documents": d["documents"], "f1": round(d["all"]["f1"], 3), "strict_f1": round(d["strict"]["f1"], 3),
                     "assault_f1": round(d["ASSAULT"]["f1"], 3), "verbal_f1": round(d["verbal"]["f1"], 3),
                     "precision": round(d["all"]["precision"], 3), "recall": round(d["all"]["recall"], 3),
                     "tally_recall": round(d["tallies"]["recall"], 3),
                     "fields": {k: round(v, 3) for k, v in d["fields"].items() if v is not None},
                     "per_type_f1": {t: round(c.f1, 3) for t, c in r.per_type().items()}}
        group = [smp for smp in samples if smp.profile.name == name]
        if group and records is not None:
            ids = {smp.doc_id for smp in group}
            with use_profile(group[0].profile):
                out[name]["components"] = component_report({smp.doc_id: smp.gold for smp in group},
                                                           [x for x in records if x["doc_id"] in ids],
                                                           {smp.doc_id: smp.ctx.text for smp in group})
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m flashpoint.nlp.training",
                                 description="Train the extractor's models, or cross-validate them, on annotated corpora.")
    ap.add_argument("command", choices=["train", "cv"])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[3] / "shared",
                    help="the folder holding the annotated corpora corpus/dev, corpus/dev-PROFILE (default ../shared)")
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL, help="where `train` writes the model file")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--json", type=Path, help="`cv`: also write the figures here as JSON")
    a = ap.parse_args(argv)
    corpora = shared_corpora(a.shared)
    if not corpora:
        print(f"no annotated corpora under {a.shared}/corpus", flush=True)
        return 2
    samples = load_corpora(corpora)
    if a.command == "train":
        models = train(samples)
        a.out.parent.mkdir(parents=True, exist_ok=True)
        models.save(a.out)
        print(f"wrote {a.out}: {models.meta}")
        return 0
    records, reports = cross_validate(samples, a.folds)
    figures = report_dict(reports, samples, records)
    for name, f in figures.items():
        print(f"{name} ({f['documents']} documents, {a.folds}-fold CV): F1 {f['f1']:.3f} strict-F1 {f['strict_f1']:.3f} "
              f"ASSAULT-F1 {f['assault_f1']:.3f} verbal-F1 {f['verbal_f1']:.3f} tallies-R {f['tally_recall']:.2f}")
        print("   fields " + "  ".join(f"{k} {v:.2f}" for k, v in f["fields"].items()))
        print("   types  " + "  ".join(f"{k} {v:.2f}" for k, v in f["per_type_f1"].items()))
        for comp, kinds in f.get("components", {}).items():
            if comp != "false_events_by_cue":
                print(f"   {comp}: " + ", ".join(f"{k} {v['accuracy']:.2f} (n {v['n']})" for k, v in kinds.items()))
    if a.json:
        a.json.write_text(json.dumps({"folds": a.folds, "profiles": figures}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
