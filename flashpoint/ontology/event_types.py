"""Event types (PLOVER), their trigger lexicons, modes and ACLED/PLOVER mappings, from data/event_types.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from flashpoint.fastre import Pattern, caseless

_OBJECT_OF_STRIKE = caseless(
    r"\s+(?:launch(?:ing)?\s+(?:sites?|pads?|points?)|launchers?|storage|stores|facilit\w+|factor\w+|depots?|"
    r"warehouses?|sites?|workshops?|production|components?|cells?|teams?|operators?)\b"
)
VERBAL = ("THREATEN", "ACCUSE", "REQUEST", "CONSULT", "RETREAT", "SANCTION", "MOBILIZE")


@dataclass(frozen=True)
class EventTypes:
    triggers: dict[str, Pattern]  # patterns that on their own state an act of the type
    broad: dict[str, Pattern]  # patterns that propose candidates for the decider (see data/event_types.yaml)
    modes: list[tuple[str, Pattern]]
    acled: dict[str, dict[str, str]]
    plover_modes: dict[str, str]
    acled_sub_event: dict[str, str]
    entries: dict[str, list[tuple[str, Pattern]]] = field(default_factory=dict)  # type -> (id, pattern) per entry

    def entry(self, name: str, trigger: str) -> str | None:
        """Which lexicon entry of type `name` a trigger's text is ('t0' the first trigger pattern, 'b0' the first
        broad one): what a trained decider learns the reliability of."""
        for key, pat in self.entries.get(name, ()):
            if pat.fullmatch(trigger):
                return key
        return None

    def first_mode(self, text: str) -> tuple[str, int] | None:
        """The mode of the first weapon named in `text`, with its position."""
        best: tuple[str, int] | None = None
        for mode, pat in self.modes:
            for m in pat.finditer(text):
                if _OBJECT_OF_STRIKE.match(text, m.end()):
                    continue  # "a drone launch site", "rocket launchers": what was hit, not the weapon
                if best is None or m.start() < best[1]:
                    best = (mode, m.start())
                break
        return best


def _compile(parts: list[str]) -> Pattern:
    # not inside a hyphenated compound: "life-threatening" is no threat, "counter-attack" no attack of its own
    return caseless(r"(?<![\w\-])(?:" + "|".join(f"(?:{p})" for p in parts) + r")\b(?!-\w)")


@lru_cache(maxsize=1)
def event_types() -> EventTypes:
    data: dict[str, Any] = yaml.safe_load(
        resources.files("flashpoint.ontology").joinpath("data/event_types.yaml").read_text("utf-8")
    )
    triggers = {}
    broad = {}
    acled = {}
    entries: dict[str, list[tuple[str, Pattern]]] = {}
    for name in ("ASSAULT", *VERBAL):
        triggers[name] = _compile([t["pattern"] for t in data[name]["triggers"]])
        broad[name] = _compile([t["pattern"] for t in data[name].get("broad") or []])
        acled[name] = data[name]["acled"]
        entries[name] = [(f"{kind[0]}{i}", _compile([t["pattern"]])) for kind in ("triggers", "broad")
                         for i, t in enumerate(data[name].get(kind) or [])]
    modes = [(m, _compile([p])) for m, p in data["modes"].items()]
    return EventTypes(triggers, broad, modes, acled, data["plover_modes"], data["acled_sub_event"], entries)


def lexicon_examples() -> list[tuple[str, str, str, str]]:
    """(type, kind, pattern, example sentence) for every pattern of data/event_types.yaml."""
    data = yaml.safe_load(resources.files("flashpoint.ontology").joinpath("data/event_types.yaml").read_text("utf-8"))
    out = []
    for name in ("ASSAULT", *VERBAL):
        for kind in ("triggers", "broad"):
            for t in data[name].get(kind) or []:
                for ex in t.get("examples") or []:
                    out.append((name, kind, t["pattern"], ex))
    return out
