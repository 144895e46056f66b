"""Hawkes fits and forecasts over an event table: nodes, sequences and end times handled once."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from flashpoint.analysis.event_table import AnalysisEvent
from flashpoint.analysis.hawkes import GoodnessOfFit, HawkesExpKernel
from flashpoint.analysis.hawkes_simulate import Forecast, Scenario, forecast, scenario
from flashpoint.errors import AnalysisError

SMALL_DATA = 200  # below this many events the estimates are rough: say so


@dataclass
class HawkesResult:
    nodes: list[str]
    model: HawkesExpKernel
    realizations: list[list[np.ndarray]]
    end_times: list[float]
    goodness: GoodnessOfFit | None
    n_events: int

    @property
    def small_data(self) -> bool:
        return self.n_events < SMALL_DATA

    @property
    def explosive(self) -> bool:
        return bool(self.model.spectral_radius_ >= 1)

    def warnings(self) -> list[str]:
        """What makes this fit hard to read, in words."""
        m = self.model
        out = []
        if self.explosive:
            out.append(f"spectral radius {m.spectral_radius_:.2f} >= 1: the fitted process is explosive (each event "
                       "triggers more than one on average), which real conflicts are not over long spans; with this "
                       "little data the excitation estimates are not reliable, and forecasts are refused")
        if self.small_data:
            out.append(f"small data: {self.n_events} events (under {SMALL_DATA}); the estimates are rough, read the intervals")
        if not m.converged_:
            out.append("the optimiser did not converge: the estimates may be off")
        if self.goodness and math.isfinite(self.goodness.p_value) and self.goodness.p_value < 0.05:
            out.append(f"time-rescaling check rejects the model (KS p = {self.goodness.p_value:.3f})")
        return out

    def summary(self) -> dict[str, Any]:
        """The `--json` shape: nodes sorted, adjacency[i][j] = excitation of node i by node j."""
        m = self.model
        return {"nodes": self.nodes, "baseline": m.baseline_.tolist(), "adjacency": m.adjacency_.tolist(),
                "decay": float(m.decays_[0]) if len(m.decays_) == 1 else m.decays_.tolist(), "loglik": m.loglik_}

    def details(self) -> dict[str, Any]:
        m = self.model
        z = 1.959963984540054
        return {
            **self.summary(),
            "baseline_se": _clean(m.baseline_se_), "adjacency_se": _clean(m.adjacency_se_),
            "baseline_95": [[_num(b - z * s), _num(b + z * s)] for b, s in zip(m.baseline_, m.baseline_se_, strict=True)],
            "spectral_radius": m.spectral_radius_, "half_lives": m.half_lives_.tolist(),
            "n_events": self.n_events, "n_events_per_node": m.n_events_.tolist(), "end_times": self.end_times,
            "small_data": self.small_data, "converged": m.converged_,
            "ks_statistic": _num(self.goodness.ks_statistic) if self.goodness else None,
            "ks_p_value": _num(self.goodness.p_value) if self.goodness else None,
            "explosive": self.explosive, "warnings": self.warnings(),
        }


def _num(v: float) -> float | None:
    return None if not math.isfinite(v) else float(v)


def _clean(a: np.ndarray) -> Any:
    """Standard errors as JSON can hold them: null where there is none (a parameter at its bound)."""
    if not a.ndim:
        return _num(float(a))
    return [_clean(x) for x in a] if a.ndim > 1 else [_num(float(x)) for x in a]


def realizations(events: list[AnalysisEvent], nodes: list[str]) -> dict[str, list[np.ndarray]]:
    seqs: dict[str, list[list[float]]] = defaultdict(lambda: [[] for _ in nodes])
    index = {n: i for i, n in enumerate(nodes)}
    for e in events:
        seqs[e.sequence][index[e.node]].append(e.time)
    return {k: [np.sort(np.asarray(x, float)) for x in v] for k, v in sorted(seqs.items())}


def fit_hawkes(events: list[AnalysisEvent], decay: float | str = "auto", *, end_time: float | None = None,
               start_time: float | None = None, decay_bounds: tuple[float, float] = (0.02, 20.0)) -> HawkesResult:
    """Fit one multivariate Hawkes process jointly over every sequence (each ends at its last event
    unless `end_time` is given); start at 0, or at `start_time`, or earlier if an event precedes 0."""
    if len(events) < 2:
        raise AnalysisError(f"{len(events)} event(s) to fit", "a Hawkes fit needs at least a few dated events with known sides")
    nodes = sorted({e.node for e in events})
    reals = realizations(events, nodes)
    start = start_time if start_time is not None else min(0.0, min(e.time for e in events))
    ends = [end_time if end_time is not None else max(float(x[-1]) for x in r if len(x)) for r in reals.values()]
    model = HawkesExpKernel(decay, decay_bounds=decay_bounds).fit(list(reals.values()), end_time=ends, start_time=start)
    first = next(iter(reals.values()))
    gof = model.goodness_of_fit(first, end_time=ends[0], start_time=start) if len(reals) == 1 else None
    return HawkesResult(nodes, model, list(reals.values()), ends, gof, len(events))


def forecast_dyads(result: HawkesResult, days: float, *, n_sims: int = 200, level: float = 0.9,
                   seed: int = 0, deadline: float | None = None, on_progress: Callable[[int], None] | None = None
                   ) -> Forecast:
    history = result.realizations[-1]
    return forecast(result.model, history, days, n_sims=n_sims, level=level, seed=seed, now=result.end_times[-1],
                    deadline=deadline, on_progress=on_progress)


def standard_scenarios(result: HawkesResult, days: float, *, n_sims: int = 200, deadline: float | None = None,
                       on_progress: Callable[[int], None] | None = None, baseline: Forecast | None = None
                       ) -> list[Scenario]:
    """Halve every cross-excitation (restraint); add three events of the first node now (a shock)."""
    history = result.realizations[-1]
    d = len(result.nodes)
    restraint = np.ones((d, d)) - 0.5 * (1 - np.eye(d))
    kw: dict[str, Any] = {"n_sims": n_sims, "now": result.end_times[-1], "deadline": deadline,
                          "on_progress": on_progress, "baseline": baseline}
    return [
        scenario(result.model, history, days, name="cross-excitation halved", adjacency_scale=restraint, **kw),
        scenario(result.model, history, days, name=f"shock: 3 more '{result.nodes[0]}' events now", shock={0: 3}, **kw),
    ]


def fit_checked(inp: Any, decay: float | str = "auto", *, end_time: float | None = None,
                min_events: int | None = None) -> tuple[Any, HawkesResult]:
    """A Hawkes fit on an AnalysisInput after the data checks: month-precision dates and dyads with under 5
    events left out (counted), too few events refused (AnalysisError with the reasons); the returned input's
    report carries the fit's warnings."""
    from flashpoint.analysis.data import MIN_EVENTS, MIN_PER_NODE, check_enough, drop_thin_dyads, for_point_process

    per_node = MIN_PER_NODE if min_events is None else min(MIN_PER_NODE, min_events)
    point = drop_thin_dyads(for_point_process(inp), per_node)
    if min_events is None:
        check_enough(point, "a Hawkes fit")
    else:
        check_enough(point, "a Hawkes fit", min_events=min_events, min_per_node=per_node)
        if min_events < MIN_EVENTS:
            point.report.warnings.append(f"--min-events {min_events}: below the default {MIN_EVENTS}, the fit is fragile")
    result = fit_hawkes(point.events, decay, end_time=end_time)
    point.report.warnings += result.warnings()
    return point, result
