"""Checks on the real reports in ../shared (evaluation only; skipped when absent)."""

import datetime as dt
import json

from flashpoint.errors import IngestError
from flashpoint.ingest import read_source
from flashpoint.models import Document

from ..conftest import shared_path


def dev_docs() -> dict[str, Document]:
    path = shared_path("corpus", "dev", "docs.jsonl")
    out = {}
    for _, d in read_source(str(path)):
        assert not isinstance(d, IngestError), d
        out[d.id] = d
    return out


def raw_paragraphs(doc_id: str) -> list[str]:
    path = shared_path("corpus", "dev", "docs.jsonl")
    for line in path.read_text().splitlines():
        rec = json.loads(line)
        if rec["id"] == doc_id:
            return [p.strip() for p in rec["text"].split("\n") if len(p.split()) > 30]
    raise AssertionError(doc_id)


def test_seed_000_body_and_date_from_text() -> None:
    d = dev_docs()["seed-000"]
    paras = raw_paragraphs("seed-000")
    assert d.body.startswith(paras[0])  # the report's first paragraph
    assert d.body.endswith(paras[-1])  # and its last
    for junk in ("Sign in to your account", "Related Posts", "Latest Articles", "Share this Article",
                 "All Rights Reserved", "International Relations"):
        assert junk not in d.body
    assert d.published == dt.date(2024, 2, 22) and d.published_source == "text"


def test_seed_003_drops_footer_and_infers_december_2023() -> None:
    d = dev_docs()["seed-003"]
    assert "Leave a Reply" not in d.body and "Founded in 1931" not in d.body and "Latest from" not in d.body
    assert d.body.rstrip().endswith("noted.")
    assert "Tensions between Iraq and the United States" in d.body
    assert d.published is not None and (d.published.year, d.published.month) == (2023, 12)
    assert d.published_source == "inferred"


def test_every_dev_document_ingests() -> None:
    docs = dev_docs()
    lines = shared_path("corpus", "dev", "docs.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(docs) == sum(1 for line in lines if line.strip())  # every line of the corpus is one document
    assert all(len(d.body) > 300 for d in docs.values())
