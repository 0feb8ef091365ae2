"""`manage.py restore PATH`: put a backup made by `backup` back (newsdesk/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from articles.site import cache as site_cache
from newsdesk.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before replacing the data."
        )

    def handle(self, *args, path, yes=False, **options):
        if not yes and input(f"Replace every row with {path}? [y/N] ").lower() != "y":
            raise CommandError("Nothing was restored.")
        try:
            with site_cache.keys_unused_after_restore():
                backup_restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {path}.")
