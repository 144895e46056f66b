from __future__ import annotations

import json

import numpy as np
import pytest

from flashpoint.analysis import hawkes_features
from flashpoint.analysis.hawkes import HawkesExpKernel
from flashpoint.analysis.hawkes_features import decayed_sums, merged_order, node_designs
from flashpoint.analysis.hawkes_simulate import forecast, scenario, simulate
from flashpoint.analysis.hawkes_solver import fit_node
from flashpoint.errors import AnalysisError
from tests.conftest import shared_path


def direct_loglik(reals, ends, baseline, kernels, decays) -> float:
    """O(N^2) log-likelihood straight from the definition (no recursion)."""
    total = 0.0
    dim = len(baseline)
    for real, end in zip(reals, ends, strict=True):
        for i in range(dim):
            for t in real[i]:
                lam = baseline[i]
                for u, b in enumerate(decays):
                    for j in range(dim):
                        past = np.asarray(real[j])[np.asarray(real[j]) < t]
                        lam += kernels[u][i][j] * b * np.exp(-b * (t - past)).sum()
                total += np.log(lam)
            comp = baseline[i] * end
            for u, b in enumerate(decays):
                for j in range(dim):
                    comp += kernels[u][i][j] * np.sum(1 - np.exp(-b * (end - np.asarray(real[j]))))
            total -= comp
    return total


@pytest.fixture
def small_reals():
    rng = np.random.default_rng(7)
    reals = [[np.sort(rng.uniform(0, 40, n)) for n in (30, 25, 12)] for _ in range(2)]
    reals[0][1][3] = reals[0][0][5]  # a tie across nodes
    reals[1][2][:2] = reals[1][2][0]  # a tie within a node
    return [[np.sort(x) for x in r] for r in reals]


def test_loglik_matches_direct_computation(small_reals):
    baseline = np.array([0.4, 0.3, 0.2])
    kernels = np.array([[[0.2, 0.1, 0.0], [0.3, 0.05, 0.1], [0.0, 0.2, 0.4]]])
    model = HawkesExpKernel(1.7).fit(small_reals, end_time=[45.0, 41.0])
    model.baseline_, model.kernel_adjacency_ = baseline, kernels
    ours = model.loglik(small_reals, end_time=[45.0, 41.0])
    ref = direct_loglik(small_reals, [45.0, 41.0], baseline, kernels, [1.7])
    assert ours == pytest.approx(ref, rel=1e-8)


def test_sum_of_exponentials_loglik_matches_direct(small_reals):
    model = HawkesExpKernel([0.5, 4.0]).fit(small_reals)
    ends = model.end_times_
    ref = direct_loglik(small_reals, ends, model.baseline_, model.kernel_adjacency_, [0.5, 4.0])
    assert model.loglik_ == pytest.approx(ref, rel=1e-8)
    assert model.adjacency_ == pytest.approx(model.kernel_adjacency_.sum(axis=0))


def test_decayed_sums_across_blocks_and_windows(monkeypatch):
    rng = np.random.default_rng(3)
    times = [np.sort(rng.uniform(0, 3000, 400)), np.sort(rng.uniform(0, 3000, 300))]
    times[1][10] = times[0][20]
    t, nodes = merged_order(times)
    t[100:104] = t[100]  # a run of ties
    direct = np.array([[np.exp(-0.9 * (tn - t[(t < tn) & (nodes == j)])).sum() for j in range(2)] for tn in t])
    monkeypatch.setattr(hawkes_features, "BLOCK", 7)  # many blocks, ties at block edges
    monkeypatch.setattr(hawkes_features, "WINDOW", 5.0)
    assert decayed_sums(t, nodes, 2, 0.9) == pytest.approx(direct, rel=1e-9, abs=1e-12)


def test_gradient_of_node_loglik_is_exact(small_reals):
    design = node_designs([hawkes_features.Realization(r, end=45.0) for r in small_reals], 3, np.array([1.2]))[0]
    theta = np.array([0.3, 0.2, 0.1, 0.05])

    def f(th):
        return np.log(design.rows @ th).sum() - design.weights @ th

    grad = design.rows.T @ (1 / (design.rows @ theta)) - design.weights
    eps = 1e-6
    numeric = [(f(theta + eps * e) - f(theta - eps * e)) / (2 * eps) for e in np.eye(4)]
    assert grad == pytest.approx(numeric, rel=1e-6)
    fit = fit_node(design.rows, design.weights)
    assert fit.converged
    assert f(fit.theta) >= f(theta)


def test_tick_reference_fit_at_decay_3():
    data = json.loads(shared_path("external", "hawkes", "tick_hawkes_3node_expkern_testdata.json").read_text())["decay_3.0"]
    reals = [[np.asarray(x, float) for x in r] for r in data["realizations"]]
    model = HawkesExpKernel(3.0).fit(reals)
    assert model.baseline_ == pytest.approx([0.3152, 0.9292, 0.8663], abs=0.005)
    assert np.max(np.abs(model.adjacency_ - np.array(data["true_adjacency"]))) < 0.05
    assert model.converged_ and model.spectral_radius_ < 1
    assert np.all(model.baseline_se_ > 0)


def test_recovers_known_parameters_from_simulation():
    baseline = np.array([0.2, 0.1])
    adjacency = np.array([[0.3, 0.5], [0.2, 0.1]])
    events = simulate(baseline, adjacency, 2.0, 20000.0, seed=11)
    model = HawkesExpKernel(2.0).fit(events)
    assert model.baseline_ == pytest.approx(baseline, abs=0.02)
    assert np.max(np.abs(model.adjacency_ - adjacency)) < 0.05
    # the standard errors describe the actual error
    z = np.abs(model.adjacency_ - adjacency) / model.adjacency_se_
    assert np.all(z < 4.5)
    assert model.half_lives_[0] == pytest.approx(np.log(2) / 2.0)


def test_profile_likelihood_finds_the_decay():
    events = simulate(np.array([0.3, 0.3]), np.array([[0.4, 0.2], [0.3, 0.3]]), 1.5, 8000.0, seed=5)
    model = HawkesExpKernel("auto", decay_bounds=(0.05, 50)).fit(events)
    assert 1.1 < model.decay_ < 2.0
    fixed = HawkesExpKernel(model.decay_).fit(events)
    assert fixed.loglik_ == pytest.approx(model.loglik_, rel=1e-9)
    assert model.loglik_ >= HawkesExpKernel(0.3).fit(events).loglik_


def test_time_rescaling_separates_good_and_bad_models():
    events = simulate(np.array([0.5]), np.array([[0.6]]), 1.0, 5000.0, seed=2)
    good = HawkesExpKernel(1.0).fit(events).goodness_of_fit(events)
    assert good.p_value > 0.01
    bad = HawkesExpKernel(1.0).fit(events)
    bad.kernel_adjacency_ = np.zeros((1, 1, 1))
    bad.baseline_ = np.array([len(events[0]) / events[0][-1]])
    assert bad.goodness_of_fit(events).p_value < 1e-4


def test_simulation_matches_stationary_rate():
    baseline = np.array([0.5, 0.2])
    adjacency = np.array([[0.2, 0.3], [0.4, 0.1]])
    events = simulate(baseline, adjacency, 3.0, 50000.0, seed=1)
    expected = np.linalg.solve(np.eye(2) - adjacency, baseline)
    assert [len(x) / 50000.0 for x in events] == pytest.approx(expected, rel=0.05)


def test_forecast_and_scenarios():
    events = simulate(np.array([0.5, 0.3]), np.array([[0.2, 0.4], [0.3, 0.1]]), 1.0, 2000.0, seed=4)
    model = HawkesExpKernel(1.0).fit(events)
    fc = forecast(model, events, 30.0, n_sims=400, seed=1)
    rate = np.linalg.solve(np.eye(2) - model.adjacency_, model.baseline_)
    assert fc.mean == pytest.approx(rate * 30.0, rel=0.2)
    assert np.all(fc.low <= fc.mean) and np.all(fc.mean <= fc.high)
    shocked = scenario(model, events, 30.0, shock={0: 10}, n_sims=400)
    assert np.all(shocked.difference > 0)
    damped = scenario(model, events, 30.0, adjacency_scale=np.zeros((2, 2)), n_sims=400)
    assert damped.scenario.mean == pytest.approx(model.baseline_ * 30.0, rel=0.15)


def test_bad_input_raises_clear_errors():
    with pytest.raises(AnalysisError):
        HawkesExpKernel(1.0).fit([[], []])
    with pytest.raises(AnalysisError):
        HawkesExpKernel(-1.0).fit([[1.0, 2.0]])
    with pytest.raises(AnalysisError):
        HawkesExpKernel(1.0).fit([[1.0, 5.0]], end_time=3.0)
    with pytest.raises(AnalysisError, match="not fitted"):
        HawkesExpKernel(1.0).loglik([[1.0]])
    with pytest.raises(AnalysisError):
        simulate(np.array([0.1]), np.array([[1.5]]), 1.0, 1e4, seed=0, max_events=100_000)  # explosive
    with pytest.raises(AnalysisError):
        simulate(np.array([1.0]), np.array([[0.1]]), 1.0, 1e9, seed=0, max_events=100_000)
