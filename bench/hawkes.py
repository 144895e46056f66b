"""Hawkes fit speed and accuracy next to the tick library, measured in the same run.

Simulated data with known parameters (D = 2 and D = 8; about 10k, 100k and 1M events); each fit is
timed (median of three) and its error is the largest absolute error over baseline and excitation
entries. tick (optional: `pip install '.[bench]'`) fits the same events by exact likelihood with
penalty='none', tol=1e-8 and start=0.1.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import numpy as np

from flashpoint.analysis.hawkes import HawkesExpKernel
from flashpoint.analysis.hawkes_simulate import simulate

DECAY = 1.5
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}


def truth(dim: int) -> tuple[np.ndarray, np.ndarray]:
    if dim == 2:
        return np.array([0.3, 0.2]), np.array([[0.3, 0.4], [0.2, 0.1]])
    rng = np.random.default_rng(8)
    adj = rng.uniform(0, 1, (dim, dim)) * (rng.uniform(0, 1, (dim, dim)) < 0.5)
    adj *= 0.6 / np.max(np.abs(np.linalg.eigvals(adj)))  # spectral radius 0.6
    return rng.uniform(0.1, 0.5, dim), adj


def _timed(fn: Any, repeats: int = 3) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def _error(baseline: np.ndarray, adjacency: np.ndarray, mu: np.ndarray, adj: np.ndarray) -> float:
    return float(max(np.max(np.abs(baseline - mu)), np.max(np.abs(adjacency - adj))))


def bench_hawkes() -> dict[str, float | None]:
    try:
        from tick.hawkes import HawkesExpKern
    except ImportError:
        HawkesExpKern = None  # noqa: N806 - the class name
        print("tick is not installed (pip install '.[bench]'): only flashpoint is measured")
    out: dict[str, float | None] = {}
    for dim in (2, 8):
        mu, adj = truth(dim)
        rate = float(np.sum(np.linalg.solve(np.eye(dim) - adj, mu)))
        for label, n in SIZES.items():
            events = simulate(mu, adj, DECAY, n / rate, seed=n + dim)
            count = sum(len(x) for x in events)
            secs, model = _timed(lambda ev=events: HawkesExpKernel(DECAY).fit(ev))
            key = f"{label}_D{dim}"
            out[f"hawkes_fit_s_{key}"] = round(secs, 4)
            out[f"hawkes_error_{key}"] = round(_error(model.baseline_, model.adjacency_, mu, adj), 5)
            line = f"Hawkes {key}: {count} events, flashpoint {secs:.3f} s (error {out[f'hawkes_error_{key}']:.4f})"
            if HawkesExpKern is not None:
                def tick_fit(ev: list[np.ndarray] = events) -> Any:
                    learner = HawkesExpKern(DECAY, gofit="likelihood", penalty="none", tol=1e-8, max_iter=10_000)
                    learner.fit([np.ascontiguousarray(x, dtype=float) for x in ev], start=0.1)
                    return learner

                try:
                    tsecs, learner = _timed(tick_fit, repeats=1 if n >= 1_000_000 and dim == 8 else 3)
                except RuntimeError as exc:  # tick's unconstrained solver can step to negative intensities
                    out[f"hawkes_tick_fit_s_{key}"] = None
                    print(f"{line}; tick failed: {str(exc)[:80]}")
                    continue
                out[f"hawkes_tick_fit_s_{key}"] = round(tsecs, 4)
                out[f"hawkes_tick_error_{key}"] = round(_error(np.asarray(learner.baseline), np.asarray(learner.adjacency), mu, adj), 5)
                out[f"hawkes_speedup_vs_tick_{key}"] = round(tsecs / secs, 2)
                line += f"; tick {tsecs:.3f} s (error {out[f'hawkes_tick_error_{key}']:.4f}), {tsecs / secs:.1f}x"
            print(line)
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(bench_hawkes(), indent=1))
