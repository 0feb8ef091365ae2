"""`manage.py backup [PATH]`: a consistent copy of the whole database (newsdesk/backup.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from newsdesk.backup import BackupError, backup_create, backup_suffix


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup, or pg_dump for PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="Where to write it (default: backups/newsdesk-<UTC time><suffix>).",
        )

    def handle(self, *args, path=None, **options):
        if path is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            path = settings.BASE_DIR / "backups" / f"newsdesk-{stamp}{backup_suffix()}"
        try:
            written = backup_create(Path(path))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up to {written} ({written.stat().st_size:,} bytes).")
