"""Rebuild the listing tallies and entries from the stories.

The services keep both exact; run this after writing stories outside them (raw SQL,
a bulk load, a restore of a database from before they existed).
"""

from django.core.management.base import BaseCommand

from articles import tallies


class Command(BaseCommand):
    help = "Rebuild the listing tallies and listing entries from the stories."

    def handle(self, *args, **options):
        slices = tallies.recount()
        entries = tallies.relist()
        self.stdout.write(f"{slices} tallies, {entries} listing entries.")
