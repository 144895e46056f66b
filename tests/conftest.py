from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.store import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples" / "corpus"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; the test is skipped when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not available")
    return p


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(str(tmp_path / "test.db"))
