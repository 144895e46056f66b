"""The fuzzing harness itself (fuzz/, `make fuzz`): its strategies make inputs of every format, and its runner
counts a crash and a hang when a target has one (so a clean report means something)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from fuzz import run as fuzz_run
from fuzz import strategies as S
from fuzz import targets

FAST = settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@FAST
@given(S.source_file())
def test_source_files_are_bytes_with_an_extension(item: tuple[str, bytes]) -> None:
    ext, data = item
    assert isinstance(data, bytes) and (ext == "" or ext.startswith("."))


@FAST
@given(S.api_request())
def test_api_requests_name_a_method_and_path(req: Any) -> None:
    method, path, params, _ = req
    assert method in ("GET", "POST") and path.startswith("/") and isinstance(params, dict)


@FAST
@given(S.jsonl(), S.feed(), S.html_page(), S.page_dump(), S.review_body(), S.query_params())
def test_every_format_has_a_strategy(jsonl: str, feed: str, page: str, dump: str, body: Any, params: dict) -> None:
    assert jsonl and ("<rss" in feed or "<feed" in feed)
    assert isinstance(page, str) and isinstance(dump, str) and isinstance(params, dict)


def test_report_text_is_reproducible_from_its_seed() -> None:
    assert S.expand_report(7, 5, 0.1, "", "") == S.expand_report(7, 5, 0.1, "", "")
    assert S.expand_report(7, 5, 0.1, "", "") != S.expand_report(8, 5, 0.1, "", "")


def test_the_runner_counts_crashes_and_hangs(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setattr(fuzz_run, "FAILURES", tmp_path)
    monkeypatch.setattr(fuzz_run, "ROOT", tmp_path)
    ctx = targets.new_context()

    def crashing(ctx: Any, item: Any) -> int:
        raise KeyError("boom")

    monkeypatch.setitem(targets.TARGETS, "guard", crashing)
    tally = fuzz_run.fuzz_target("guard", ctx, 0.5, batch=5)
    assert tally.inputs > 0 and tally.crashes == tally.inputs and "KeyError" in tally.failures[0]

    def slow(ctx: Any, item: Any) -> int:
        end = time.process_time() + 0.05
        while time.process_time() < end:  # busy: a hang is CPU time, not waiting
            pass
        return 1

    monkeypatch.setitem(targets.TARGETS, "guard", slow)
    monkeypatch.setattr(fuzz_run, "HANG_SECONDS", 0.01)
    tally = fuzz_run.fuzz_target("guard", ctx, 0.3, batch=5)
    assert tally.hangs == tally.inputs > 0 and tally.crashes == 0


def test_the_real_targets_pass_a_second_of_inputs() -> None:
    ctx = targets.new_context()
    for name in ("read", "csv", "guard"):
        tally = fuzz_run.fuzz_target(name, ctx, 1.0, batch=5)
        assert tally.inputs > 0 and tally.crashes == 0 and tally.hangs == 0, tally.failures


def test_the_scaling_check_flags_a_reader_that_grows_faster_than_the_text(monkeypatch: pytest.MonkeyPatch,
                                                                           tmp_path: Any) -> None:
    import json
    import re

    from fuzz import scaling

    quadratic = re.compile(r"\s*\|")  # tried from every space of a run, each time to its end
    monkeypatch.setattr(scaling, "TOKENS", [" "])
    monkeypatch.setattr(scaling, "_readers", lambda: {"quadratic": quadratic.findall, "linear": str.split})
    report = tmp_path / "scaling.json"
    status = scaling.main(["--small", "4000", "--big", "16000", "--floor", "0.05", "--report", str(report)])
    rows = {r["reader"]: r for r in json.loads(report.read_text())["rows"]}
    assert status == 1 and rows["quadratic"]["flagged"] and not rows["linear"]["flagged"]
