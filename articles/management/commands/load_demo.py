"""Load the demo content, and with --with-accounts the demo role accounts.

`make run` calls this on every start, so a second load changes nothing (see
articles/devtools/demo.py). The accounts' passwords are printed and documented, so they are
created only when DEBUG is on.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.devtools.demo import DemoError, demo_accounts_create, demo_load


class Command(BaseCommand):
    help = "Load the demo content from fixtures/demo (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-accounts",
            action="store_true",
            help="Also create the users reporter, editor and deskchief (DEBUG only).",
        )
        parser.add_argument(
            "--path",
            type=Path,
            help="Directory holding desk.toml and articles/ (default: fixtures/demo).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and count everything, then roll back; no accounts are made.",
        )

    def handle(self, *args, with_accounts, path, dry_run, verbosity, **options):
        try:
            # Accounts first, so a refusal comes before anything is written.
            accounts = demo_accounts_create() if with_accounts and not dry_run else []
            counts = demo_load(path=path, dry_run=dry_run)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if verbosity < 1:
            return
        verb = "Checked (dry run, nothing saved)" if dry_run else "Loaded"
        self.stdout.write(self.style.SUCCESS(f"{verb} the demo content:"))
        for label, tally in counts.items():
            self.stdout.write(
                f"  {label:<16} {tally['created']:>4} created"
                f" {tally['updated']:>4} updated {tally['unchanged']:>4} unchanged"
            )
        if accounts:
            self.stdout.write(
                self.style.SUCCESS(
                    "Demo accounts (development passwords, set when each account "
                    "was created):"
                )
            )
            for username, password, group in accounts:
                self.stdout.write(f"  {username:<10} {password:<22} {group}")
