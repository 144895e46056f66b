"""Measuring and fitting the geocoder on toponym-resolution sets with gold spans.

Readers for the two sets of Gritta et al.'s "Pragmatic Guide to Geoparsing Evaluation" (TR-News and
GeoWebNews XML), accuracy within 161 km (100 miles), the fit of the ranking weights (a conditional
logit: each gold name's candidates compete, those within 161 km of the truth are right) and
document-level cross-validation, so that a figure measured on data the weights were fitted on is
never reported as if it were not.
"""

from __future__ import annotations

import math
import random
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from flashpoint.geo.resolve import DEFAULT_WEIGHTS, FEATURES, Geocoder, Weights, haversine_km, name_key

POINT_MODES = [(c, d) for c in ("given", "centroid", "mid") for d in ("given", "extent", "mid")]

KM = 161.0  # 100 miles, the usual bar of "accuracy at 161 km"


@dataclass(frozen=True)
class GoldToponym:
    name: str
    start: int
    end: int
    lat: float
    lon: float


@dataclass(frozen=True)
class GoldDoc:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


def _float(s: str | None) -> float | None:
    try:
        return float((s or "").strip())
    except ValueError:
        return None


def read_trnews(path: str | Path) -> list[GoldDoc]:
    """TR-News: <article docid> with <text> and <toponym> (<phrase>, <start>, <end>, <gaztag> <lat>/<lon>)."""
    docs: list[GoldDoc] = []
    for a in ET.parse(path).getroot().iter("article"):
        tops = []
        for t in a.iter("toponym"):
            g = t.find("gaztag")
            lat, lon = (_float(g.findtext("lat")), _float(g.findtext("lon"))) if g is not None else (None, None)
            if lat is None or lon is None:
                continue
            tops.append(GoldToponym((t.findtext("phrase") or "").strip(), int(t.findtext("start") or 0),
                                    int(t.findtext("end") or 0), lat, lon))
        docs.append(GoldDoc(a.get("docid") or str(len(docs)), a.findtext("text") or "", tuple(tops)))
    return docs


def read_geowebnews(path: str | Path) -> list[GoldDoc]:
    """GeoWebNews: <article> with <text> and <toponym> (<extractedName>, <start>, <end>, <latitude>/<longitude>).

    Only annotations with coordinates are toponyms to resolve; the others are expressions the set marks
    for recognition studies ("the Syrian government" as a whole, non-toponyms).
    """
    docs: list[GoldDoc] = []
    for a in ET.parse(path).getroot().iter("article"):
        tops = []
        for t in a.iter("toponym"):
            lat, lon = _float(t.findtext("latitude")), _float(t.findtext("longitude"))
            if lat is None or lon is None:
                continue
            tops.append(GoldToponym((t.findtext("extractedName") or "").strip(), int(t.findtext("start") or 0),
                                    int(t.findtext("end") or 0), lat, lon))
        docs.append(GoldDoc(a.get("file") or str(len(docs)), a.findtext("text") or "", tuple(tops)))
    return docs


def accuracy(docs: Sequence[GoldDoc], geo: Geocoder, use_text: bool = True) -> tuple[float, int]:
    """Share of gold toponyms whose best candidate lies within 161 km of the truth, and their number."""
    hit = n = 0
    for d in docs:
        names = [t.name for t in d.toponyms]
        res = geo.resolve_all(names, d.text if use_text else None, limit=1, fallback=True)
        for t, cands in zip(d.toponyms, res, strict=True):
            n += 1
            hit += bool(cands) and haversine_km(t.lat, t.lon, cands[0].lat, cands[0].lon) <= KM
    return (hit / n if n else 0.0), n


# ------------------------------------------------------------------------------------------------ fitting


@dataclass
class _Item:
    feats: list[list[float]]
    good: list[bool]


def _items(docs: Sequence[GoldDoc], geo: Geocoder) -> list[_Item]:
    """Feature vectors of every gold name's candidates, with the context the current weights give."""
    out = []
    for d in docs:
        names = [t.name for t in d.toponyms]
        ctx = geo.context(names, (), [t.text for t in geo.find(d.text, resolve=False)])
        for t in d.toponyms:
            opts = geo.readings(t.name, ctx, fallback=True)
            if not opts:
                continue
            feats, good = [], []
            info = geo.set_info(opts)
            for o in opts:
                feats.append(geo.features(o, ctx, name_key(t.name), info))
                lat, lon = geo.point(o.entry)
                good.append(haversine_km(t.lat, t.lon, lat, lon) <= KM)
            if any(good) and not all(good):
                out.append(_Item(feats, good))
    return out


def fit_weights(docs: Sequence[GoldDoc], geo: Geocoder, l2: float = 0.1, rounds: int = 2) -> Weights:
    """Weights that maximise the likelihood of the right candidates (conditional logit, L2 penalty).

    The context features depend on the weights (the first-pass rankings vote for countries), so the fit
    is repeated `rounds` times, each on features recomputed with the previous weights.
    """
    import numpy as np
    from scipy.optimize import minimize

    weights = geo.weights
    for _ in range(rounds):
        items = _items(docs, geo)
        X = [np.array(i.feats) for i in items]
        Y = [np.array(i.good) for i in items]
        w0 = np.array(weights.vector())

        def loss(w: np.ndarray, X: list = X, Y: list = Y, w0: np.ndarray = w0) -> tuple[float, np.ndarray]:
            total = 0.0
            grad = np.zeros_like(w)
            for x, y in zip(X, Y, strict=True):
                s = x @ w
                m = s.max()
                p = np.exp(s - m)
                z = p.sum()
                pz = p / z
                pos = p[y].sum()
                total -= math.log(pos / z)
                grad -= (x[y] * (p[y] / pos)[:, None]).sum(0) - (x * pz[:, None]).sum(0)
            total += l2 * float(((w - w0) ** 2).sum()) * len(X) / 100
            grad += 2 * l2 * (w - w0) * len(X) / 100
            return total, grad

        res = minimize(loss, w0, jac=True, method="L-BFGS-B")
        weights = Weights(dict(zip(FEATURES, (round(float(v), 4) for v in res.x), strict=True)),
                          weights.country_point, weights.division_point)
        geo = Geocoder(geo.index, weights)
    return weights


def choose_points(docs: Sequence[GoldDoc], geo: Geocoder) -> tuple[str, str]:
    """The (country, division) point convention that agrees best with `docs`, under the hand-set weights."""
    best = max(POINT_MODES, key=lambda m: accuracy(docs, Geocoder(geo.index, Weights(dict(DEFAULT_WEIGHTS), *m)))[0])
    return best


def train(docs: Sequence[GoldDoc], geo: Geocoder) -> Weights:
    """Choose the point conventions, then fit the weights from the hand-set ones: all from `docs` alone."""
    modes = choose_points(docs, geo)
    return fit_weights(docs, Geocoder(geo.index, Weights(dict(DEFAULT_WEIGHTS), *modes)))


def cross_validate(docs: Sequence[GoldDoc], geo: Geocoder, folds: int = 5, seed: int = 0,
                   sets: dict[str, Sequence[GoldDoc]] | None = None) -> dict[str, float]:
    """Document-level k-fold cross-validation of `train`: on k-1 folds of documents choose the point
    conventions and fit the weights (starting from the hand-set ones, never from weights fitted on all the
    data), measure on the held-out fold.

    `sets` names subsets of `docs` (e.g. by corpus) whose held-out accuracy is reported separately.
    Returns {'all': accuracy, name: accuracy, ...} over the held-out predictions.
    """
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    fold_of = {i: k % folds for k, i in enumerate(order)}
    hits: dict[int, tuple[int, int]] = {}
    for k in range(folds):
        train_docs = [d for i, d in enumerate(docs) if fold_of[i] != k]
        g = Geocoder(geo.index, train(train_docs, geo))
        for i, d in enumerate(docs):
            if fold_of[i] == k:
                acc, n = accuracy([d], g)
                hits[i] = (round(acc * n), n)
    out = {"all": sum(h for h, _ in hits.values()) / max(sum(n for _, n in hits.values()), 1)}
    for name, subset in (sets or {}).items():
        ids = {id(d) for d in subset}
        sel = [hits[i] for i, d in enumerate(docs) if id(d) in ids]
        out[name] = sum(h for h, _ in sel) / max(sum(n for _, n in sel), 1)
    return out
