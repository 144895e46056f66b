from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
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


# Store-backed tests run on SQLite and, when FLASHPOINT_TEST_PG names a PostgreSQL server (CI starts one with
# scripts/postgres.sh), on PostgreSQL too: each test gets fresh databases, dropped afterwards.
PG = os.environ.get("FLASHPOINT_TEST_PG")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


class Databases:
    """Fresh stores for one test: SQLite files under a temporary folder, or new PostgreSQL databases."""

    def __init__(self, backend: str, folder: Path) -> None:
        if backend == "postgresql" and not PG:
            pytest.skip("no PostgreSQL server: set FLASHPOINT_TEST_PG (scripts/postgres.sh start prints one)")
        self.backend, self.folder, self.made = backend, folder, []  # type: ignore[var-annotated]

    def __call__(self, name: str = "test") -> str:
        if self.backend == "sqlite":
            return str(self.folder / f"{name}.db")
        import sqlalchemy as sa

        db = f"fpt_{name.lower()[:20]}_{uuid.uuid4().hex[:10]}"
        with _admin().connect() as c:
            c.execute(sa.text(f'CREATE DATABASE "{db}"'))
        self.made.append(db)
        return PG.rsplit("/", 1)[0] + "/" + db  # type: ignore[union-attr]

    def close(self) -> None:
        import sqlalchemy as sa

        for db in self.made:
            with _admin().connect() as c:
                c.execute(sa.text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))


_ADMIN: list = []  # type: ignore[type-arg]


def _admin():  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    if not _ADMIN:
        url = "postgresql+psycopg://" + PG.split("://", 1)[1]  # type: ignore[union-attr]
        _ADMIN.append(sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool))
    return _ADMIN[0]


@pytest.fixture(params=BACKENDS)
def new_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Databases]:
    dbs = Databases(request.param, tmp_path)
    yield dbs
    dbs.close()


@pytest.fixture
def store(new_db: Databases) -> Store:
    return open_store(new_db())
