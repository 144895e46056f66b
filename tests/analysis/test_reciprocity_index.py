"""The next answer to each action is found by bisection (reciprocity over a whole store was quadratic):
the same choice as the plain scan, `_next_answer`, on events with day, approximate and month dates."""

from __future__ import annotations

import random

from flashpoint.analysis.event_table import AnalysisEvent
from flashpoint.analysis.reciprocity import _Answers, _next_answer


def _event(rng: random.Random, i: int) -> AnalysisEvent:
    t = float(rng.randrange(0, 400))
    precision = rng.choice(["day"] * 5 + ["approximate", "month"])
    lo = hi = None
    if precision == "approximate":
        lo, hi = t - 3, t + 3
    elif precision == "month":
        lo = t - rng.randrange(0, 28)
        hi = lo + rng.choice([27, 28, 29, 30])
    return AnalysisEvent(id=f"e{i:05d}", time=t, node="A -> B", event_type="ASSAULT", actor_side="A", target_side="B",
                         mode=None, fatalities=None, injured=None, date=None, date_precision=precision, time_low=lo,
                         time_high=hi)


def test_bisection_finds_the_answer_the_scan_finds():
    rng = random.Random(3)
    compared = 0
    for _ in range(200):
        answers = sorted([_event(rng, i) for i in range(rng.randrange(0, 60))], key=lambda e: (e.lo, e.id))
        index = _Answers(answers)
        for e in [_event(rng, 1000 + i) for i in range(30)]:
            assert index.next_after(e) == _next_answer(e, answers)
            compared += 1
    assert compared == 6000
