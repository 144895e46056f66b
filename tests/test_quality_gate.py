"""The quality gate: extraction of the dev corpus, scored by the shared scorer, must stay above the floors."""

import json
import subprocess
import sys
from pathlib import Path

from flashpoint.ingest import read_source
from flashpoint.nlp.pipeline import Extractor

from .conftest import ROOT, shared_path


def test_dev_scores_meet_floors(tmp_path: Path) -> None:
    docs = shared_path("corpus", "dev", "docs.jsonl")
    gold = shared_path("corpus", "dev", "gold")
    scorer = shared_path("eval", "score.py")
    extractor = Extractor()
    pred = tmp_path / "pred.jsonl"
    with pred.open("w") as fh:
        for _, doc in read_source(str(docs)):
            for rec in extractor(doc).records():  # type: ignore[arg-type]
                fh.write(json.dumps(rec) + "\n")
    out = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--pred", str(pred), "--json"],
                         capture_output=True, text=True, check=True).stdout
    res = json.loads(out[: out.rindex("}") + 1])
    floors = json.loads((ROOT / "quality" / "floors.json").read_text())
    got = {"event_f1": res["all"]["f1"], "strict_f1": res["strict"]["f1"], "tally_recall": res["tallies"]["recall"]}
    print("dev scores:", {k: round(v, 3) for k, v in got.items()})
    for key, floor in floors.items():
        if not key.startswith("_"):
            assert got[key] >= floor, f"{key} {got[key]:.3f} fell below its floor {floor}"


def test_own_scorer_agrees_with_shared_scorer(tmp_path: Path) -> None:
    from flashpoint.evaluate import load_gold, score

    docs = shared_path("corpus", "dev", "docs.jsonl")
    gold_dir = shared_path("corpus", "dev", "gold")
    scorer = shared_path("eval", "score.py")
    extractor = Extractor()
    records = [r for _, d in read_source(str(docs)) for r in extractor(d).records()]  # type: ignore[arg-type]
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(r) + "\n" for r in records))
    out = subprocess.run([sys.executable, str(scorer), "--gold", str(gold_dir), "--pred", str(pred), "--json"],
                         capture_output=True, text=True, check=True).stdout
    theirs = json.loads(out[: out.rindex("}") + 1])
    mine = score(load_gold(gold_dir), records).as_dict()
    for tier in ("all", "ASSAULT", "verbal", "strict", "tallies"):
        for k in ("tp", "fp", "fn"):
            assert mine[tier][k] == theirs[tier][k], (tier, k)
