"""Maximise one node's Hawkes log-likelihood, sum(log(R @ theta)) - w @ theta, subject to theta >= 0.

The problem is concave, so a projected Newton method with an active set converges in a few steps:
variables at zero whose gradient points further down stay fixed; the rest take a Newton step; a
backtracking line search keeps every intensity positive and the objective increasing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from flashpoint.analysis.hawkes_features import FloatArray

FLOOR = 1e-300


@dataclass
class NodeFit:
    theta: FloatArray
    loglik: float
    information: FloatArray  # observed information at the optimum (minus the Hessian)
    iterations: int
    converged: bool


def objective(rows: FloatArray, weights: FloatArray, theta: FloatArray) -> float:
    s = rows @ theta
    if len(s) and s.min() <= 0:
        return -np.inf
    return float(np.log(s).sum() - weights @ theta)


def start_point(rows: FloatArray, weights: FloatArray) -> FloatArray:
    """Spread the event count over the parameters so that w @ theta = N, which holds at the optimum."""
    p = len(weights)
    n = max(len(rows), 1)
    theta = np.where(weights > 0, n / (p * np.maximum(weights, FLOOR)), 0.0)
    theta[0] = max(theta[0], 1e-12)
    return theta


def fit_node(rows: FloatArray, weights: FloatArray, *, tol: float = 1e-10, max_iter: int = 200) -> NodeFit:
    p = len(weights)
    if len(rows) == 0:
        # no events: the likelihood is maximised with every rate at zero
        return NodeFit(np.zeros(p), 0.0, np.zeros((p, p)), 0, True)
    theta = start_point(rows, weights)
    value = objective(rows, weights, theta)
    converged = False
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        s = rows @ theta
        inv = 1.0 / s
        grad = rows.T @ inv - weights
        scaled = rows * inv[:, None]
        info = scaled.T @ scaled
        free = (theta > 0) | (grad > 0)
        if not free.any():
            converged = True
            break
        idx = np.flatnonzero(free)
        sub = info[np.ix_(idx, idx)]
        try:
            step_free = np.linalg.solve(sub + 1e-12 * np.eye(len(idx)) * np.trace(sub), grad[idx])
        except np.linalg.LinAlgError:
            step_free = grad[idx] / np.maximum(np.diag(sub), FLOOR)
        step = np.zeros(p)
        step[idx] = step_free
        decrement = float(grad[idx] @ step_free)  # the squared Newton decrement: twice the expected gain
        alpha = 1.0
        while True:
            trial = np.maximum(theta + alpha * step, 0.0)
            trial_value = objective(rows, weights, trial)
            if np.isfinite(trial_value) and trial_value >= value + 1e-4 * float(grad @ (trial - theta)):
                break
            alpha *= 0.5
            if alpha < 1e-14:
                trial, trial_value = theta, value
                break
        moved = not np.array_equal(trial, theta)
        theta, value = trial, trial_value
        if decrement < tol or not moved:
            converged = True
            break
    s = rows @ theta
    scaled = rows / s[:, None]
    return NodeFit(theta, value, scaled.T @ scaled, it, converged)


def standard_errors(fit: NodeFit) -> FloatArray:
    """Square roots of the inverse information's diagonal, for parameters off the boundary (NaN at zero)."""
    p = len(fit.theta)
    se = np.full(p, np.nan)
    idx = np.flatnonzero(fit.theta > 1e-10)
    if len(idx) == 0:
        return se
    sub = fit.information[np.ix_(idx, idx)]
    try:
        cov = np.linalg.inv(sub)
    except np.linalg.LinAlgError:
        cov = np.linalg.pinv(sub)
    se[idx] = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    return se
