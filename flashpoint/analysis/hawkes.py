"""Multivariate Hawkes processes with exponential kernels, fitted by exact maximum likelihood.

    lambda_i(t) = baseline_i + sum_j sum_u adjacency_u[i, j] * decay_u * sum_{t_k^j < t} exp(-decay_u (t - t_k^j))

`adjacency[i, j]` is the expected number of node-i events that one node-j event triggers (the branching
matrix); with several decays (a sum of exponentials) `adjacency_` is their sum and `kernel_adjacency_` keeps
one matrix per decay. Estimator conventions follow scikit-learn: `fit` returns self, learned attributes
end in `_`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize, stats

from flashpoint.analysis.hawkes_features import FloatArray, Realization, decayed_sums, merged_order, node_designs
from flashpoint.analysis.hawkes_solver import fit_node, objective, standard_errors
from flashpoint.errors import AnalysisError

Events = Sequence[Sequence[float] | np.ndarray]  # one array of times per node


@dataclass
class GoodnessOfFit:
    """Time-rescaling check: inter-event compensator increments should be i.i.d. Exp(1)."""

    ks_statistic: float
    p_value: float
    per_node: list[tuple[float, float]]  # (KS statistic, p-value) per node
    residuals: list[FloatArray]  # rescaled inter-event times per node (for QQ plots)


def as_realizations(events: Events | Sequence[Events], end_time: float | Sequence[float] | None = None,
                    start_time: float = 0.0) -> list[Realization]:
    """Accept one realization (a list of arrays per node) or several (a list of those)."""
    if len(events) and len(events[0]) and not np.isscalar(events[0][0]):
        many = [list(r) for r in events]  # type: ignore[arg-type]
    else:
        many = [list(events)]  # type: ignore[list-item]
    ends = end_time if isinstance(end_time, Sequence) else [end_time] * len(many)
    if len(ends) != len(many):
        raise AnalysisError(f"{len(ends)} end times for {len(many)} realizations", "give one end time per realization")
    dims = {len(r) for r in many}
    if len(dims) != 1:
        raise AnalysisError("realizations have different numbers of nodes", "give every realization one array per node")
    out = []
    for real, end in zip(many, ends, strict=True):
        times = [np.sort(np.asarray(x, dtype=float)) for x in real]
        last = max((float(x[-1]) for x in times if len(x)), default=start_time)
        first = min((float(x[0]) for x in times if len(x)), default=start_time)
        if first < start_time:
            raise AnalysisError(f"an event at {first} precedes the start time {start_time}", "shift the times or pass start_time")
        stop = last if end is None else float(end)
        if stop < last:
            raise AnalysisError(f"end time {stop} is before the last event at {last}", "pass a later end time")
        if any(not np.all(np.isfinite(x)) for x in times):
            raise AnalysisError("event times must be finite numbers", "drop missing or infinite times")
        out.append(Realization(times=times, end=stop, start=start_time))
    if sum(len(x) for r in out for x in r.times) == 0:
        raise AnalysisError("no events to fit", "give at least one event time")
    return out


class HawkesExpKernel:
    """Exact-MLE multivariate Hawkes process with exponential (or sum-of-exponential) kernels.

    decay: a positive float (fixed), a sequence of floats (sum of exponentials, all fixed) or "auto"
    (one decay chosen by profile likelihood within `decay_bounds`).
    """

    def __init__(self, decay: float | Sequence[float] | str = 1.0, *, tol: float = 1e-10, max_iter: int = 200,
                 decay_bounds: tuple[float, float] = (1e-3, 1e3)) -> None:
        self.decay = decay
        self.tol = tol
        self.max_iter = max_iter
        self.decay_bounds = decay_bounds

    # -- fitting -------------------------------------------------------------------------------------
    def fit(self, events: Events | Sequence[Events], end_time: float | Sequence[float] | None = None,
            start_time: float = 0.0) -> HawkesExpKernel:
        reals = as_realizations(events, end_time, start_time)
        dim = len(reals[0].times)
        if isinstance(self.decay, str):
            if self.decay != "auto":
                raise AnalysisError(f"unknown decay {self.decay!r}", "give a number, a list of numbers or 'auto'")
            decays = np.array([self._profile_decay(reals, dim)])
        else:
            decays = np.atleast_1d(np.asarray(self.decay, dtype=float))
        if decays.size == 0 or np.any(decays <= 0) or not np.all(np.isfinite(decays)):
            raise AnalysisError(f"decay must be positive, got {self.decay!r}", "pass a positive decay rate (per time unit)")
        self._fit_fixed(reals, dim, decays)
        return self

    def _fit_fixed(self, reals: list[Realization], dim: int, decays: FloatArray) -> None:
        designs = node_designs(reals, dim, decays)
        fits = [fit_node(d.rows, d.weights, tol=self.tol, max_iter=self.max_iter) for d in designs]
        n_dec = len(decays)
        theta = np.array([f.theta for f in fits])  # (dim, 1 + dim * n_dec), columns grouped by decay
        se = np.array([standard_errors(f) for f in fits])
        self.decays_ = decays
        self.decay_ = float(decays[0]) if n_dec == 1 else decays.copy()
        self.n_nodes_ = dim
        self.baseline_ = theta[:, 0].copy()
        self.kernel_adjacency_ = theta[:, 1:].reshape(dim, n_dec, dim).transpose(1, 0, 2).copy()
        self.adjacency_ = self.kernel_adjacency_.sum(axis=0)
        self.baseline_se_ = se[:, 0].copy()
        kernel_se = se[:, 1:].reshape(dim, n_dec, dim).transpose(1, 0, 2)
        self.adjacency_se_ = kernel_se[0].copy() if n_dec == 1 else np.sqrt(np.nansum(kernel_se**2, axis=0))
        self.loglik_ = float(sum(f.loglik for f in fits))
        self.converged_ = all(f.converged for f in fits)
        self.n_iter_ = max(f.iterations for f in fits)
        self.n_events_ = np.array([sum(len(r.times[i]) for r in reals) for i in range(dim)])
        self.end_times_ = [r.end for r in reals]
        self.spectral_radius_ = float(np.max(np.abs(np.linalg.eigvals(self.adjacency_)))) if dim else 0.0
        self.half_lives_ = np.log(2.0) / decays

    def _profile_decay(self, reals: list[Realization], dim: int) -> float:
        lo, hi = self.decay_bounds
        if not 0 < lo < hi:
            raise AnalysisError(f"bad decay bounds {self.decay_bounds}", "give 0 < low < high")

        def neg_profile(log_decay: float) -> float:
            designs = node_designs(reals, dim, np.array([math.exp(log_decay)]))
            return -sum(fit_node(d.rows, d.weights, tol=1e-8, max_iter=self.max_iter).loglik for d in designs)

        grid = np.linspace(math.log(lo), math.log(hi), 13)
        values = [neg_profile(g) for g in grid]
        k = int(np.argmin(values))
        left, right = grid[max(k - 1, 0)], grid[min(k + 1, len(grid) - 1)]
        res = optimize.minimize_scalar(neg_profile, bounds=(left, right), method="bounded", options={"xatol": 1e-4})
        self.profile_grid_ = np.exp(grid)
        self.profile_loglik_ = -np.array(values)
        return float(math.exp(res.x))

    # -- after fitting -------------------------------------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "baseline_"):
            raise AnalysisError("the model is not fitted yet", "call fit(events) first")

    def loglik(self, events: Events | Sequence[Events], end_time: float | Sequence[float] | None = None,
               start_time: float = 0.0) -> float:
        """Log-likelihood of the fitted parameters on the given events."""
        self._check_fitted()
        reals = as_realizations(events, end_time, start_time)
        designs = node_designs(reals, self.n_nodes_, self.decays_)
        return float(sum(objective(d.rows, d.weights, self._theta(i)) for i, d in enumerate(designs)))

    def _theta(self, i: int) -> FloatArray:
        return np.concatenate([[self.baseline_[i]], self.kernel_adjacency_[:, i, :].reshape(-1)])

    def intensity(self, events: Events, at: FloatArray) -> FloatArray:
        """Conditional intensity of each node at the given times (shape: len(at) x D), given the history."""
        self._check_fitted()
        times = [np.sort(np.asarray(x, dtype=float)) for x in events]
        at = np.atleast_1d(np.asarray(at, dtype=float))
        out = np.tile(self.baseline_, (len(at), 1))
        for u, decay in enumerate(self.decays_):
            for j, tj in enumerate(times):
                # sum over events strictly before each query time
                k = np.searchsorted(tj, at, side="left")
                excite = np.array([np.exp(-decay * (a - tj[:n])).sum() for a, n in zip(at, k, strict=True)])
                out += np.outer(decay * excite, self.kernel_adjacency_[u][:, j])
        return out

    def compensator_increments(self, events: Events, end_time: float | None = None,
                               start_time: float = 0.0) -> list[FloatArray]:
        """Per node, the compensator between consecutive events (the first from the start): Exp(1) if the model fits."""
        self._check_fitted()
        real = as_realizations(events, end_time, start_time)[0]
        t, nodes = merged_order(real.times)
        onehot = np.zeros((len(t), self.n_nodes_))
        onehot[np.arange(len(t)), nodes] = 1.0
        # events strictly before each event (a tie group all sees the same past)
        counts_before = (np.cumsum(onehot, axis=0) - onehot)[np.searchsorted(t, t, side="left")]
        comp = np.outer(t - real.start, self.baseline_)
        for u, decay in enumerate(self.decays_):
            x = decayed_sums(t, nodes, self.n_nodes_, decay)
            comp += (counts_before - x) @ self.kernel_adjacency_[u].T
        out = []
        for i in range(self.n_nodes_):
            c = comp[nodes == i, i]
            out.append(np.diff(np.concatenate([[0.0], c])))
        return out

    def goodness_of_fit(self, events: Events, end_time: float | None = None, start_time: float = 0.0) -> GoodnessOfFit:
        residuals = self.compensator_increments(events, end_time, start_time)
        per_node = []
        for r in residuals:
            if len(r) >= 2:
                res = stats.kstest(r, "expon")
                per_node.append((float(res.statistic), float(res.pvalue)))
            else:
                per_node.append((math.nan, math.nan))
        pooled = np.concatenate(residuals) if residuals else np.empty(0)
        total = stats.kstest(pooled, "expon") if len(pooled) >= 2 else None
        return GoodnessOfFit(
            ks_statistic=float(total.statistic) if total else math.nan,
            p_value=float(total.pvalue) if total else math.nan,
            per_node=per_node,
            residuals=residuals,
        )
