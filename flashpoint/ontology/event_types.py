"""Event types (PLOVER), their trigger lexicons, modes and ACLED/PLOVER mappings, from data/event_types.yaml."""

from __future__ import annotations

from dataclasses import dataclass
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
    triggers: dict[str, Pattern]
    modes: list[tuple[str, Pattern]]
    acled: dict[str, dict[str, str]]
    plover_modes: dict[str, str]
    acled_sub_event: dict[str, str]

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
    return caseless(r"\b(?:" + "|".join(f"(?:{p})" for p in parts) + r")\b")


@lru_cache(maxsize=1)
def event_types() -> EventTypes:
    data: dict[str, Any] = yaml.safe_load(
        resources.files("flashpoint.ontology").joinpath("data/event_types.yaml").read_text("utf-8")
    )
    triggers = {}
    acled = {}
    for name in ("ASSAULT", *VERBAL):
        triggers[name] = _compile(data[name]["triggers"])
        acled[name] = data[name]["acled"]
    modes = [(m, _compile([p])) for m, p in data["modes"].items()]
    return EventTypes(triggers, modes, acled, data["plover_modes"], data["acled_sub_event"])
