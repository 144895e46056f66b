"""The trained models of the extractor: which candidates are reportable acts (GUIDE §1–§2), and who
acted on whom.

The rules propose candidates with flags (hedged, background, a series, a claim about an act
already reported, ...); `keep` is a logistic regression over those flags and the language around
the trigger (flashpoint.nlp.features); `actor` and `target` score the parties a sentence names for
each role (flashpoint.nlp.roles). They are trained on annotated reports by ``make train``
(flashpoint.nlp.training). At run time each is a dot product over a JSON file of weights:
deterministic, no scikit-learn needed.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from flashpoint.errors import ConfigError
from flashpoint.nlp.analysis import DocContext
from flashpoint.nlp.features import featurize
from flashpoint.nlp.records import Event

MODEL_FILE = "extractor.json"
FORMAT = 2


@dataclass
class LinearModel:
    """A logistic regression over named features; `threshold` is the probability needed to say yes."""

    weights: dict[str, float]
    intercept: float = 0.0
    threshold: float = 0.5

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        if z < -60:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def as_dict(self) -> dict[str, Any]:
        return {"intercept": self.intercept, "threshold": self.threshold, "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def of(cls, d: dict[str, Any]) -> LinearModel:
        return cls({str(k): float(v) for k, v in d["weights"].items()}, float(d["intercept"]), float(d["threshold"]))


@dataclass
class Models:
    """The extractor's trained parts; any of them may be missing (the rules decide there)."""

    keep: LinearModel | None = None
    actor: LinearModel | None = None
    target: LinearModel | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def decide(self, candidates: list[Event], ctx: DocContext) -> list[Event]:
        """Roles re-read, then the candidates the keep model keeps (each with its probability as confidence)."""
        from flashpoint.nlp.events import rule_drop
        from flashpoint.nlp.roles import assign_roles

        if self.actor is not None or self.target is not None:
            assign_roles(candidates, ctx, self.actor, self.target)
        if self.keep is None:
            return [c for c in candidates if not rule_drop(c)]
        featurize(candidates, ctx)
        kept = []
        for ev in candidates:
            p = self.keep.probability(ev.features)
            if p >= self.keep.threshold:
                ev.confidence = round(p, 3)
                kept.append(ev)
        return kept

    def to_json(self) -> str:
        body: dict[str, Any] = {"format": FORMAT, "meta": self.meta}
        for name in ("keep", "actor", "target"):
            model = getattr(self, name)
            if model is not None:
                body[name] = model.as_dict()
        return json.dumps(body, indent=0, ensure_ascii=False) + "\n"

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def from_json(cls, text: str, source: str = "<models>") -> Models:
        try:
            d = json.loads(text)
            if d.get("format") != FORMAT:
                raise ValueError(f"format {d.get('format')!r}, expected {FORMAT}")
            parts = {name: LinearModel.of(d[name]) for name in ("keep", "actor", "target") if name in d}
            return cls(**parts, meta=dict(d.get("meta") or {}))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"{source} is not a flashpoint model file ({exc})", "rebuild it with `make train`")

    @classmethod
    def load(cls, path: str | Path) -> Models:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read model file {path} ({exc.strerror or exc})", "rebuild it with `make train`")
        return cls.from_json(text, str(path))


def shipped_models() -> Models | None:
    """The models that ship with flashpoint (flashpoint/nlp/models/extractor.json), if built."""
    ref = resources.files("flashpoint.nlp").joinpath(f"models/{MODEL_FILE}")
    if not ref.is_file():
        return None
    return Models.from_json(ref.read_text("utf-8"), f"flashpoint/nlp/models/{MODEL_FILE}")
