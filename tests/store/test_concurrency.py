"""Concurrency without loss (a few runs here; `python -m bench.concurrency` runs many and records figures)."""

from __future__ import annotations

import random

from bench.concurrency import concurrent_run, differences, integrity, kill_trial, make_inputs, reference, snapshot


def test_concurrent_ingest_processes_end_as_one_sequential_run(tmp_path, new_db):
    """4 ingest processes at once, overlapping inputs (two of them the same file): the store ends with the
    documents, mentions, events and links of one sequential run, and every process exits 0."""
    whole, files = make_inputs(tmp_path, 40, 4)
    want = reference(new_db("reference"), whole)
    assert want["events"] and want["queue"] == 0
    db = new_db("concurrent")
    codes, errors = concurrent_run(db, files)
    assert codes == [0, 0, 0, 0], errors
    assert differences(snapshot(db), want) == []
    assert integrity(db) == []


def test_kill_9_at_random_moments(tmp_path, new_db):
    """An ingest killed with SIGKILL at random moments leaves no damage and no half-written document; a
    re-run ends where an uninterrupted run does."""
    whole, _ = make_inputs(tmp_path, 30, 1, seed=5)
    want = reference(new_db("reference"), whole)
    rng = random.Random(8)
    for trial in range(3):
        result = kill_trial(new_db(f"kill{trial}"), whole, want, rng, max_delay=6.0)
        assert result["problems"] == [], result
