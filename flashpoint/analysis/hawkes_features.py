"""The exponential-kernel recursion behind the Hawkes likelihood.

With kernels phi_ij(t) = a_ij * b * exp(-b t), the intensity of node i at an event time is linear in the
parameters: lambda_i(t) = mu_i + sum_j a_ij * g_j(t), where g_j(t) = b * sum_{t_k^j < t} exp(-b (t - t_k^j)).
So the likelihood needs g at every event once (one pass, O(N*D) per decay) and the compensator totals
K_j = sum_k (1 - exp(-b (T - t_k^j))); after that each node's log-likelihood is a small concave problem.

The pass is vectorised: inside a block where b*(t - t_start) stays below WINDOW the running sum
sum_k exp(b (t_k - t_start)) is a plain cumulative sum without overflow; each block's final state is
carried into the next one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

WINDOW = 600.0  # exp(600) ~ 1e260: far from overflow, and later terms dominate each cumulative sum

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Realization:
    """One history: event times per node on [start, end]."""

    times: list[FloatArray]
    end: float
    start: float = 0.0


@dataclass
class NodeDesign:
    """What node i's likelihood needs: one row per event of node i and the compensator weights.

    rows[n] = [1, g_1..g_{D*U}(t_n)] and weights = [T, K_1..K_{D*U}], so that
    loglik_i(theta) = sum_n log(rows[n] @ theta) - weights @ theta.
    """

    rows: FloatArray
    weights: FloatArray


def merged_order(times: list[FloatArray]) -> tuple[FloatArray, NDArray[np.intp]]:
    """All event times of a realization in time order, with the node of each."""
    t = np.concatenate([np.asarray(x, dtype=float) for x in times]) if times else np.empty(0)
    nodes = np.concatenate([np.full(len(x), j, dtype=np.intp) for j, x in enumerate(times)]) if times else np.empty(0, np.intp)
    order = np.argsort(t, kind="stable")
    return t[order], nodes[order]


def tie_starts(t: FloatArray) -> NDArray[np.intp]:
    """Index of the first event of each event's run of equal times (t sorted)."""
    idx = np.arange(len(t))
    new_run = np.ones(len(t), bool)
    new_run[1:] = t[1:] != t[:-1]
    return np.maximum.accumulate(np.where(new_run, idx, 0))


def decayed_sums(t: FloatArray, nodes: NDArray[np.intp], dim: int, decay: float) -> FloatArray:
    """x[n, j] = sum over events k of node j with t_k < t_n of exp(-decay (t_n - t_k)).

    Events at exactly the same time do not excite each other (strict inequality). The events are cut
    into blocks (at most BLOCK events, at most WINDOW in decay-scaled time, never splitting a tie);
    every block is one row of a padded array, so the cumulative sums of all blocks are one NumPy call,
    and only the carry from block to block is a Python loop.
    """
    n = len(t)
    if n == 0:
        return np.zeros((0, dim))
    scaled = decay * t
    first = tie_starts(t)
    starts = _block_starts(scaled, first)
    lengths = np.diff(np.append(starts, n))
    block = np.repeat(np.arange(len(starts)), lengths)
    pos = np.arange(n) - starts[block]
    growth = np.exp(scaled - scaled[starts][block])
    padded = np.zeros((len(starts), int(lengths.max()) + 1, dim))
    padded[block, pos + 1, nodes] = growth
    np.cumsum(padded, axis=1, out=padded)  # padded[b, p]: events of block b before position p
    totals = padded[np.arange(len(starts)), lengths]
    # state at each block start (events of earlier blocks only), decayed to that start
    carry = np.zeros((len(starts), dim))
    gaps = np.exp(-np.diff(scaled[starts]))
    state = np.zeros(dim)
    for b in range(1, len(starts)):
        state = (state + totals[b - 1]) * gaps[b - 1]
        carry[b] = state
    within = padded[block, first - starts[block]]
    return (carry[block] + within) / growth[:, None]


BLOCK = 512


def _block_starts(scaled: FloatArray, first: NDArray[np.intp]) -> NDArray[np.intp]:
    n = len(scaled)
    starts = [0]
    while True:
        lo = starts[-1]
        hi = min(lo + BLOCK, int(np.searchsorted(scaled, scaled[lo] + WINDOW, side="right")))
        hi = max(hi, lo + 1)
        if hi >= n:
            break
        if first[hi] > lo:
            hi = int(first[hi])  # do not split a run of equal times
        else:
            hi = int(np.searchsorted(scaled, scaled[hi], side="right"))  # the run fills the block: take all of it
            if hi >= n:
                break
        starts.append(hi)
    return np.array(starts, dtype=np.intp)


def node_designs(realizations: list[Realization], dim: int, decays: FloatArray) -> list[NodeDesign]:
    """Per-node design rows and compensator weights, summed over realizations."""
    decays = np.atleast_1d(np.asarray(decays, dtype=float))
    width = 1 + dim * len(decays)
    rows: list[list[FloatArray]] = [[] for _ in range(dim)]
    weights = [np.zeros(width) for _ in range(dim)]
    for real in realizations:
        t, nodes = merged_order(real.times)
        length = real.end - real.start
        feats = [decay * decayed_sums(t, nodes, dim, decay) for decay in decays]
        g = np.hstack(feats) if feats else np.zeros((len(t), 0))
        comp = np.concatenate([_compensator_totals(real, dim, decay) for decay in decays])
        for i in range(dim):
            mask = nodes == i
            part = np.empty((int(mask.sum()), width))
            part[:, 0] = 1.0
            part[:, 1:] = g[mask]
            rows[i].append(part)
            weights[i] += np.concatenate([[length], comp])
    return [
        NodeDesign(rows=np.vstack(r) if r else np.zeros((0, width)), weights=w)
        for r, w in zip(rows, weights, strict=True)
    ]


def _compensator_totals(real: Realization, dim: int, decay: float) -> FloatArray:
    out = np.zeros(dim)
    for j in range(dim):
        tj = np.asarray(real.times[j], dtype=float)
        out[j] = np.sum(-np.expm1(-decay * (real.end - tj)))
    return out
