"""Simulation, forecasts and scenarios for fitted exponential Hawkes processes.

Simulation uses the cluster (branching) representation: immigrants arrive as a Poisson process at the
baseline rates, and every event of node j independently triggers Poisson(adjacency_u[i, j]) children of
node i at Exp(decay_u) delays. It is vectorised per generation, so a million events take well under a
second. Forecasts continue a real history: because the kernel is exponential, the children that past
events have not produced yet arrive after the cut-off at Exp(decay) delays (memorylessness), in a
Poisson number with mean sum_j adjacency[i, j] * sum_k exp(-decay (T - t_k^j)).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from flashpoint.analysis.hawkes import Events, HawkesExpKernel
from flashpoint.analysis.hawkes_features import FloatArray
from flashpoint.errors import AnalysisError

MAX_EVENTS = 20_000_000


def simulate(baseline: FloatArray, adjacency: FloatArray, decay: float | FloatArray, end: float, *,
             start: float = 0.0, seed: int | np.random.Generator | None = None,
             max_events: int = MAX_EVENTS) -> list[FloatArray]:
    """Simulate one realization on [start, end]. `adjacency` is D x D, or U x D x D with one decay each."""
    rng = np.random.default_rng(seed)
    kernels, decays = _kernels(adjacency, decay)
    base = np.asarray(baseline, dtype=float)
    dim = len(base)
    if base.sum() * (end - start) > max_events:
        raise AnalysisError(f"about {base.sum() * (end - start):.0f} immigrant events exceed the limit of {max_events}",
                            "shorten the horizon or raise max_events")
    counts = rng.poisson(base * (end - start))
    times = np.concatenate([rng.uniform(start, end, c) for c in counts]) if dim else np.empty(0)
    nodes = np.repeat(np.arange(dim), counts)
    return _sorted_by_node(*_cascade(times, nodes, kernels, decays, end, rng, max_events), dim)


def _kernels(adjacency: FloatArray, decay: float | FloatArray) -> tuple[FloatArray, FloatArray]:
    kernels = np.asarray(adjacency, dtype=float)
    if kernels.ndim == 2:
        kernels = kernels[None]
    decays = np.atleast_1d(np.asarray(decay, dtype=float))
    if len(decays) != len(kernels):
        raise AnalysisError(f"{len(decays)} decays for {len(kernels)} kernel matrices", "give one decay per matrix")
    if np.any(kernels < 0) or np.any(decays <= 0):
        raise AnalysisError("excitations must be >= 0 and decays > 0", "check the parameters")
    return kernels, decays


def _cascade(times: FloatArray, nodes: np.ndarray, kernels: FloatArray, decays: FloatArray, end: float,
             rng: np.random.Generator, max_events: int = MAX_EVENTS) -> tuple[FloatArray, np.ndarray]:
    """Add every descendant of the given events that falls before `end`."""
    all_t, all_n = [times], [nodes]
    total = len(times)
    parents_t, parents_n = times, nodes
    dim = kernels.shape[1]
    while len(parents_t):
        kid_t, kid_n = [], []
        for u, decay in enumerate(decays):
            for i in range(dim):
                k = rng.poisson(kernels[u, i, parents_n])
                if not k.any():
                    continue
                born = np.repeat(parents_t, k) + rng.exponential(1.0 / decay, int(k.sum()))
                born = born[born < end]
                kid_t.append(born)
                kid_n.append(np.full(len(born), i))
        parents_t = np.concatenate(kid_t) if kid_t else np.empty(0)
        parents_n = np.concatenate(kid_n).astype(np.intp) if kid_n else np.empty(0, np.intp)
        all_t.append(parents_t)
        all_n.append(parents_n)
        total += len(parents_t)
        if total > max_events:
            raise AnalysisError(f"simulation exceeded {max_events} events", "the process may be explosive (spectral radius >= 1); shorten the horizon")
    return np.concatenate(all_t), np.concatenate(all_n).astype(np.intp)


def _sorted_by_node(times: FloatArray, nodes: np.ndarray, dim: int) -> list[FloatArray]:
    return [np.sort(times[nodes == i]) for i in range(dim)]


@dataclass
class Forecast:
    """Counts per node over (T, T + horizon]: the mean and an interval from Monte Carlo runs."""

    horizon: float
    mean: FloatArray
    low: FloatArray
    high: FloatArray
    level: float
    samples: np.ndarray = field(repr=False)  # n_sims x D counts
    requested: int = 0  # simulations asked for; fewer ran when the time budget ran out
    now: float = 0.0  # where the window starts (the history's cut-off), in the history's time unit

    @property
    def n_sims(self) -> int:
        return len(self.samples)

    @property
    def stopped_early(self) -> bool:
        return self.n_sims < self.requested


@dataclass
class Scenario:
    """A changed model or an added shock, forecast next to the unchanged baseline forecast."""

    name: str
    baseline: Forecast
    scenario: Forecast

    @property
    def difference(self) -> FloatArray:
        return self.scenario.mean - self.baseline.mean


def forecast(model: HawkesExpKernel, history: Events, horizon: float, *, now: float | None = None,
             n_sims: int = 1000, level: float = 0.9, seed: int | None = 0,
             adjacency_scale: FloatArray | None = None, shock: dict[int, int] | None = None,
             deadline: float | None = None, max_events: int | None = None,
             on_progress: Callable[[int], None] | None = None) -> Forecast:
    """Forecast counts per node for the `horizon` after `now` (default: the last event of the history).

    adjacency_scale multiplies the excitation matrix elementwise (D x D); shock adds events of the given
    nodes at `now`. Bounded: simulations stop at `deadline` (a time.monotonic() value; at least 10 run),
    and a simulated path over `max_events` events (default: 100 times what the history holds, at least
    10,000) stops the forecast as explosive. `on_progress(k)` is called after each simulation.
    """
    model._check_fitted()
    rng = np.random.default_rng(seed)
    hist = [np.sort(np.asarray(x, dtype=float)) for x in history]
    if len(hist) != model.n_nodes_:
        raise AnalysisError(f"history has {len(hist)} nodes, the model {model.n_nodes_}", "pass one array per node")
    last = max((float(x[-1]) for x in hist if len(x)), default=0.0)
    now = last if now is None else float(now)
    scale = np.ones((model.n_nodes_, model.n_nodes_)) if adjacency_scale is None else np.asarray(adjacency_scale, float)
    kernels = model.kernel_adjacency_ * scale[None]
    shock_t = np.concatenate([np.full(c, now) for c in (shock or {}).values()]) if shock else np.empty(0)
    shock_n = np.concatenate([np.full(c, j, dtype=np.intp) for j, c in (shock or {}).items()]) if shock else np.empty(0, np.intp)
    # what the history still owes after `now`, per decay and child node (before any new event)
    owed = np.zeros((len(model.decays_), model.n_nodes_))
    for u, decay in enumerate(model.decays_):
        x = np.array([np.exp(-decay * (now - tj[tj <= now])).sum() for tj in hist])
        owed[u] = kernels[u] @ x
    end = now + horizon
    cap = max_events or max(10_000, 100 * sum(len(x) for x in hist))
    samples = np.zeros((n_sims, model.n_nodes_), dtype=np.int64)
    done = 0
    for s in range(n_sims):
        if deadline is not None and s >= 10 and time.monotonic() > deadline:
            break
        seeds_t, seeds_n = [shock_t], [shock_n]
        counts = rng.poisson(model.baseline_ * horizon)
        seeds_t.append(np.concatenate([rng.uniform(now, end, c) for c in counts]))
        seeds_n.append(np.repeat(np.arange(model.n_nodes_), counts))
        for u, decay in enumerate(model.decays_):
            k = rng.poisson(owed[u])
            seeds_t.append(now + rng.exponential(1.0 / decay, int(k.sum())))
            seeds_n.append(np.repeat(np.arange(model.n_nodes_), k))
        t0 = np.concatenate(seeds_t)
        n0 = np.concatenate(seeds_n).astype(np.intp)
        keep = t0 < end
        try:
            t, n = _cascade(t0[keep], n0[keep], kernels, model.decays_, end, rng, cap)
        except AnalysisError:
            raise AnalysisError(
                f"a simulated path exceeded {cap} events in {horizon:g} time units: the fitted process is explosive "
                f"(spectral radius {model.spectral_radius_:.2f})", "the forecast would mean nothing; fit on more data")
        # shocks are given, not forecast: count only what follows them
        counted = np.ones(len(t), bool)
        counted[: int(keep[: len(shock_t)].sum())] = False
        samples[s] = np.bincount(n[counted], minlength=model.n_nodes_)
        done = s + 1
        if on_progress:
            on_progress(done)
    samples = samples[:done]
    tail = (1 - level) / 2
    return Forecast(horizon=horizon, mean=samples.mean(axis=0), low=np.quantile(samples, tail, axis=0),
                    high=np.quantile(samples, 1 - tail, axis=0), level=level, samples=samples, requested=n_sims,
                    now=now)


def scenario(model: HawkesExpKernel, history: Events, horizon: float, *, name: str = "scenario",
             adjacency_scale: FloatArray | None = None, shock: dict[int, int] | None = None,
             n_sims: int = 1000, seed: int = 0, now: float | None = None, deadline: float | None = None,
             on_progress: Callable[[int], None] | None = None, baseline: Forecast | None = None) -> Scenario:
    """Compare a changed excitation or an added shock with the unchanged forecast (same random seed);
    `baseline`: that unchanged forecast when it is already at hand."""
    base = baseline or forecast(model, history, horizon, n_sims=n_sims, seed=seed, now=now, deadline=deadline,
                                on_progress=on_progress)
    changed = forecast(model, history, horizon, n_sims=base.n_sims, seed=seed, now=now, deadline=deadline,
                       adjacency_scale=adjacency_scale, shock=shock, on_progress=on_progress)
    return Scenario(name=name, baseline=base, scenario=changed)
