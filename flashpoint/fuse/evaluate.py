"""Score the clustering on a gold corpus: B-cubed against the reference clusters (see bcubed.py).

Extracted mentions are measured as they come (so extraction errors count too): a mention matched to a
gold event (GUIDE §8 matching, per document) carries that event's reference cluster; an unmatched one
is a cluster of its own. The same clustering run on the gold events themselves isolates fusion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flashpoint.evaluate import NormEvent, match
from flashpoint.fuse.bcubed import BCubed, bcubed, reference_clusters
from flashpoint.fuse.cluster import cluster_mentions, event_id
from flashpoint.fuse.compat import Rules
from flashpoint.fuse.mentions import Mention, with_coordinates


@dataclass
class FusionScores:
    extracted: BCubed
    gold_input: BCubed
    gold_events: int
    reference_clusters: int


def gold_mentions(gold: dict[str, dict[str, Any]]) -> list[Mention]:
    out = []
    for doc_id, g in sorted(gold.items()):
        for k, e in enumerate(g.get("events", [])):
            out.append(with_coordinates(Mention.from_record({**e, "doc_id": doc_id}, id=f"{doc_id}#{k}")))
    return out


def _system_labels(mentions: list[Mention], rules: Rules | None) -> dict[str, str]:
    return {m.id: event_id(c) for c in cluster_mentions(mentions, rules) for m in c}


def fusion_scores(gold: dict[str, dict[str, Any]], predictions: list[dict[str, Any]],
                  rules: Rules | None = None) -> FusionScores:
    golds = gold_mentions(gold)
    ref = reference_clusters(golds)
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for rec in predictions:
        if rec.get("kind", "event") == "event":
            by_doc.setdefault(str(rec.get("doc_id")), []).append(rec)
    extracted: list[Mention] = []
    labels: dict[str, Any] = {}
    for doc_id, g in sorted(gold.items()):
        recs = by_doc.get(doc_id, [])
        pairs = dict(match([NormEvent.of(r) for r in recs], [NormEvent.of(e) for e in g.get("events", [])]))
        for i, rec in enumerate(recs):
            m = Mention.from_record(rec, id=f"{doc_id}/p{i}")
            extracted.append(m)
            labels[m.id] = ref[f"{doc_id}#{pairs[i]}"] if i in pairs else ("unmatched", m.id)
    return FusionScores(
        extracted=bcubed(_system_labels(extracted, rules), labels),
        gold_input=bcubed(_system_labels(golds, rules), ref),
        gold_events=len(golds),
        reference_clusters=len(set(ref.values())),
    )
