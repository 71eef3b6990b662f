"""Kill ``xiezhi import judgments`` with SIGKILL after its first committed batch, run it again, and
find every judgment exactly once: no case lost, none twice, the audit chain intact.

The import runs as a real process against a database of its own: a SQLite file, or — when the
suite runs on PostgreSQL (``XIEZHI_DATABASE_URL=postgresql://…``) — a fresh database on that server,
dropped afterwards.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from xiezhi.judgments import synthetic
from xiezhi.nlp.judgments import parse_judgment

ROOT = Path(__file__).resolve().parents[3]
JUDGMENTS = 2000
BATCH = 100


class _Database:
    """The import's own database and a way to count rows in it."""

    def __init__(self, url: str, sqlite_file: Path | None = None) -> None:
        self.url, self.sqlite_file = url, sqlite_file

    def scalar(self, query: str) -> int:
        if self.sqlite_file is not None:
            conn = sqlite3.connect(self.sqlite_file, timeout=20)
            try:
                return conn.execute(query).fetchone()[0]
            finally:
                conn.close()
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute(query).fetchone()[0]


@pytest.fixture
def database(tmp_path: Path) -> Iterator[_Database]:
    url = os.environ.get("XIEZHI_DATABASE_URL", "")
    if not url.startswith("postgres"):
        path = tmp_path / "import.sqlite3"
        yield _Database(f"sqlite:///{path}", path)
        return
    import psycopg
    from psycopg import sql

    name = f"xiezhi_judg_kill_{os.getpid()}"
    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _Database(urlunsplit(urlsplit(url)._replace(path=f"/{name}")))
    finally:
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _env(database: _Database, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "XIEZHI_ENV": "test",
        "XIEZHI_DEBUG": "false",
        "XIEZHI_VAR_DIR": str(tmp_path / "var"),
        "XIEZHI_DATABASE_URL": database.url,
    }


def _xiezhi(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xiezhi.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_killed_import_resumes_with_nothing_lost_or_duplicated(database, tmp_path):
    env = _env(database, tmp_path)
    migrated = _xiezhi("migrate", "-v0", env=env)
    assert migrated.returncode == 0, migrated.stderr
    corpus = tmp_path / "corpus.jsonl"
    synthetic.write_jsonl(corpus, JUDGMENTS)

    process = subprocess.Popen(
        [sys.executable, "-m", "xiezhi.cli", "import", "judgments", str(corpus), "--batch", str(BATCH)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        committed = 0
        while time.monotonic() < deadline and process.poll() is None:
            try:
                committed = database.scalar("SELECT COUNT(*) FROM cases_case")
            except Exception:  # the table is being written; look again
                committed = 0
            if committed >= BATCH:
                break
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL, "the import finished before it could be killed"

    # What the killed process committed is whole: its checkpoint and its cases agree.
    after_kill = database.scalar("SELECT COUNT(*) FROM cases_case")
    assert BATCH <= after_kill < JUDGMENTS
    assert after_kill % BATCH == 0
    assert database.scalar("SELECT MAX(records) FROM judgments_importcheckpoint") == after_kill
    assert database.scalar("SELECT COUNT(*) FROM judgments_judgmentdocument") == after_kill

    resumed = _xiezhi("import", "judgments", str(corpus), "--batch", str(BATCH), env=env)
    assert resumed.returncode == 0, resumed.stderr
    assert "(resumed an interrupted run), finished" in resumed.stdout
    read = int(re.search(r"Judgments:\s+([\d,]+) read", resumed.stdout).group(1).replace(",", ""))
    assert read == JUDGMENTS - after_kill
    assert f"Run total:  {JUDGMENTS:,} read, {JUDGMENTS:,} imported, 0 unchanged" in resumed.stdout

    assert database.scalar("SELECT COUNT(*) FROM cases_case") == JUDGMENTS
    assert database.scalar("SELECT COUNT(DISTINCT number) FROM cases_case") == JUDGMENTS
    assert database.scalar("SELECT COUNT(*) FROM judgments_judgmentdocument") == JUDGMENTS
    assert database.scalar("SELECT COUNT(DISTINCT sha256) FROM judgments_judgmentdocument") == JUDGMENTS
    per_template = [len(parse_judgment(template.text).parties) for template in synthetic.templates()]
    parties = sum(per_template[i % len(per_template)] for i in range(JUDGMENTS))
    assert database.scalar("SELECT COUNT(*) FROM cases_party") == parties
    # Every batch that committed wrote its audit entry, and the chain verifies after the kill.
    audited = database.scalar("SELECT COUNT(*) FROM audit_auditentry WHERE detail LIKE 'judgment import:%'")
    assert audited == JUDGMENTS // BATCH
    verified = _xiezhi("audit", "verify", env=env)
    assert verified.returncode == 0, verified.stderr + verified.stdout
