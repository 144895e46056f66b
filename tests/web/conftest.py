from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from flashpoint.ingest import ingest
from flashpoint.nlp.pipeline import Extractor
from flashpoint.store import open_store
from flashpoint.store.events import update_events
from flashpoint.store.extractions import save_extraction
from flashpoint.store.review import add_user
from tests.conftest import BACKENDS, EXAMPLES, Databases

HOSTILE = {"id": "fx-hostile", "url": "https://bad.example.org/x", "published": "2024-03-05",
           "title": "<script>alert(1)</script> Rockets hit Camp Falcon",
           "text": "Rockets hit Camp Falcon in Baghdad on Monday, wounding 4 U.S. soldiers <script>alert('x')</script>, "
                   "officials said. Kataib Hezbollah claimed responsibility."}


def build_store(path: Path, db: str | None = None) -> str:
    """The example corpus and a hostile report fused in a new store (`db`, else web.db under `path`)."""
    db = db or str(path / "web.db")
    store = open_store(db)
    extra = path / "hostile.jsonl"
    extra.write_text(json.dumps(HOSTILE) + "\n")
    ex = Extractor()
    ingest([*map(str, sorted(EXAMPLES.iterdir())), str(extra)], store,
           after_save=lambda d, c: save_extraction(c, d.uid, ex(d)))
    update_events(store.engine)
    add_user(store.engine, "ana", "analyst-pass", "analyst")
    add_user(store.engine, "vic", "viewer-pass", "viewer")
    return db


@pytest.fixture(scope="module", params=BACKENDS)
def web_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("web")
    dbs = Databases(request.param, folder)
    yield build_store(folder, dbs("web"))
    dbs.close()
