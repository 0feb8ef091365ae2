"""Fill the database with synthetic coverage at scale, for benchmarks.

`DATABASE_URL` selects PostgreSQL instead of the SQLite default. Slugs carry the
seed, so corpora of different seeds live side by side; the same seed twice is refused.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.devtools.corpus import corpus_generate
from articles.models import Outlet


class Command(BaseCommand):
    help = "Generate synthetic actors, events, outlets, topics and N articles."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, articles, seed, verbosity, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        if seed < 0:  # slugs carry it, and a slug has no minus sign
            raise CommandError("--seed must be 0 or more.")
        if Outlet.objects.filter(slug__startswith=f"corpus-{seed}-").exists():
            raise CommandError(
                f"A corpus with seed {seed} exists already; pick another --seed."
            )
        started = time.perf_counter()
        counts = corpus_generate(articles=articles, seed=seed)
        # The query planner's statistics, for tables that grew a thousandfold.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        if verbosity:
            for label, count in counts.items():
                self.stdout.write(f"  {label:<10} {count:>8}")
            self.stdout.write(self.style.SUCCESS(f"Generated in {elapsed:.1f} s."))
