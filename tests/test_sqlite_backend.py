"""The SQLite backend leaves the query planner statistics when a connection closes."""

import sqlite3

import pytest
from django.conf import settings

from newsdesk.sqlite3.base import DatabaseWrapper


def _wrapper(path):
    options = {"init_command": "PRAGMA analysis_limit=1000;"}
    return DatabaseWrapper(
        {
            **settings.DATABASES["default"],
            "ENGINE": "newsdesk.sqlite3",
            "NAME": str(path),
            "OPTIONS": options,
            "TEST": {},
        }
    )


def _statistics(path):
    with sqlite3.connect(path) as db:
        if not db.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).fetchone():
            return []
        return db.execute("SELECT tbl, idx FROM sqlite_stat1 ORDER BY idx").fetchall()


@pytest.fixture(autouse=True)
def _own_database_files(django_db_blocker):
    """These tests open their own files, never the test database."""
    with django_db_blocker.unblock():
        yield


def test_closing_a_connection_analyses_the_tables_it_queried(tmp_path):
    path = tmp_path / "planner.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE story (id INTEGER PRIMARY KEY, status TEXT)")
        db.execute("CREATE INDEX story_status ON story (status)")
        db.executemany(
            "INSERT INTO story (status) VALUES (?)",
            [("published",)] * 900 + [("draft",)] * 100,
        )
    connection = _wrapper(path)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM story WHERE status = %s", ["draft"])
    assert not _statistics(path)  # nothing analysed while the connection is open
    connection.close()
    assert _statistics(path) == [("story", "story_status")]


def test_a_locked_database_closes_at_once_without_statistics(tmp_path):
    path = tmp_path / "locked.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE story (id INTEGER PRIMARY KEY, status TEXT)")
        db.execute("CREATE INDEX story_status ON story (status)")
        db.executemany("INSERT INTO story (status) VALUES (?)", [("draft",)] * 100)
    connection = _wrapper(path)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM story WHERE status = %s", ["draft"])
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        connection.close()  # PRAGMA optimize cannot write: skipped, not waited for
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert connection.connection is None
    assert not _statistics(path)
