"""Backups that restore exactly: every row, every history entry, every timestamp.

SQLite is copied page by page with its online backup API, which is consistent while
the site keeps serving; a restore copies a backup back into the live database the
same way, so no open connection is left on a replaced file. PostgreSQL is dumped
with `pg_dump` in its custom format and restored with `pg_restore --clean`.
`dumpdata`/`loaddata` is not a backup: it re-runs history hooks and rounds times.
"""

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, with fixed arguments
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    """A backup or restore that cannot be made; the message says why."""


def _is_sqlite():
    return connection.vendor == "sqlite"


def backup_suffix() -> str:
    return ".sqlite3" if _is_sqlite() else ".dump"


def backup_create(path: Path) -> Path:
    """Write a consistent copy of the database to `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if _is_sqlite():
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
        return path
    _run_pg(["pg_dump", "--format=custom", "--no-owner", f"--file={path}"])
    return path


def backup_restore(path: Path) -> None:
    """Replace the database's contents with the backup at `path`."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    if _is_sqlite():
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source:
                source.execute("PRAGMA quick_check").fetchone()
                connection.ensure_connection()
                source.backup(connection.connection)
            source.close()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path} is not a SQLite backup: {exc}") from exc
        return
    _run_pg(["pg_restore", "--clean", "--if-exists", "--no-owner", str(path)])


def _run_pg(command: list[str]) -> None:
    """Run a PostgreSQL client program against the configured database."""
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).")
    settings = connection.settings_dict
    environment = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    arguments = [
        program, *command[1:],
        f"--host={settings.get('HOST') or 'localhost'}",
        f"--port={settings.get('PORT') or 5432}",
        f"--username={settings.get('USER') or 'postgres'}",
        f"--dbname={settings['NAME']}",
    ]  # fmt: skip
    result = subprocess.run(  # noqa: S603 - a fixed program, no shell
        arguments, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed.")
