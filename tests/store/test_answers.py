"""Display answers kept in the store across restarts (flashpoint.store.answers): served while the store is
unchanged, never after a change to events or edits, bounded, and never in the way of an answer."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from flashpoint.store import open_store, schema
from flashpoint.store.answers import AnswerStore
from flashpoint.store.db import write_transaction
from flashpoint.store.fusion import bump


def counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def compute() -> object:
        calls.append(1)
        return value

    return calls, compute


def test_kept_across_restarts_until_the_store_changes(tmp_path: Path) -> None:
    engine = open_store(str(tmp_path / "a.db")).engine
    first = AnswerStore(engine, context="p1")
    calls, compute = counting({"cells": [{"n": 3, "lat": 33.3}], "total": 3})
    assert first.remember(("map", 6), compute) == {"cells": [{"n": 3, "lat": 33.3}], "total": 3}
    first.flush()
    # a new process (a restarted server): the kept answer, not a computation
    again = AnswerStore(engine, context="p1")
    assert again.remember(("map", 6), compute) == {"cells": [{"n": 3, "lat": 33.3}], "total": 3}
    assert len(calls) == 1 and again.hits == 1
    assert again.remember(("map", 7), compute) and len(calls) == 2  # other arguments: their own answer
    again.flush()
    # every counter readers are keyed by: events fused, analysts' edits, the shape of the store
    for key in ("events", "edits", "shape"):
        with write_transaction(engine) as c:
            bump(c, key)
        changed = AnswerStore(engine, context="p1")
        calls2, compute2 = counting({"total": 4})
        assert changed.remember(("map", 6), compute2) == {"total": 4} and calls2 == [1], key
        changed.flush()
    # stale rows are gone once a current answer is written
    with engine.connect() as c:
        assert c.execute(sa.select(sa.func.count()).select_from(schema.view_answers)).scalar_one() == 1
    # what else the answers depend on (flashpoint's version, the profile): another context, another answer
    calls3, compute3 = counting({"total": 5})
    assert AnswerStore(engine, context="p2").remember(("map", 6), compute3) == {"total": 5} and calls3 == [1]


def test_bounded_and_plain_json_only(tmp_path: Path) -> None:
    engine = open_store(str(tmp_path / "b.db")).engine
    kept = AnswerStore(engine, max_rows=5)
    for i in range(12):
        kept.remember(("page", i), lambda i=i: {"page": i})
    kept.flush()
    with engine.connect() as c:
        assert c.execute(sa.select(sa.func.count()).select_from(schema.view_answers)).scalar_one() == 5
    assert AnswerStore(engine, max_rows=5).remember(("page", 11), lambda: {"page": -1}) == {"page": 11}  # newest kept
    # not plain JSON (or NaN): answered, not kept
    odd = {"at": object()}
    assert kept.remember(("odd",), lambda: odd) is odd
    assert kept.remember(("nan",), lambda: {"x": float("nan")})["x"] != 0
    kept.flush()
    assert not AnswerStore(engine).load(("odd",))[0] and not AnswerStore(engine).load(("nan",))[0]
    assert kept.clear() == 5 and not AnswerStore(engine).load(("page", 11))[0]


def test_a_store_that_cannot_keep_still_answers(tmp_path: Path) -> None:
    engine = open_store(str(tmp_path / "c.db")).engine
    with write_transaction(engine) as c:
        c.execute(sa.text("DROP TABLE view_answers"))
        c.execute(sa.text("CREATE TABLE view_answers (key VARCHAR(64) PRIMARY KEY, version VARCHAR(200) NOT NULL, "
                          "answer TEXT NOT NULL, cost_ms INTEGER NOT NULL, stored_at VARCHAR(40) NOT NULL, "
                          "CHECK (length(answer) < 3))"))
    kept = AnswerStore(engine)
    assert kept.remember(("timeline",), lambda: {"bins": [1, 2, 3]}) == {"bins": [1, 2, 3]}
    kept.flush()  # the failed write is logged, not raised
    assert not AnswerStore(engine).load(("timeline",))[0]
