"""Benchmark `analyze` on synthetic articles against a synthetic desk; prints a table.

Nothing touches the database: the desk (actors, aliases, stored stories) and the
articles are generated in memory from `--seed`, outside the timed section.
"""

import os

from django.core.management.base import BaseCommand, CommandError

from articles.analysis.benchmark import run


class Command(BaseCommand):
    help = "Measure articles per second for the analysis pipeline."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--actors", type=int, default=1000)
        parser.add_argument(
            "--stored", type=int, default=100, help="Stored stories to compare with."
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes sharing the articles (default: one per core).",
        )
        parser.add_argument(
            "--min-rate",
            type=float,
            default=None,
            help="Fail when fewer articles per second than this are analyzed.",
        )

    def handle(
        self, *args, articles, actors, stored, seed, workers, min_rate, **options
    ):
        result = run(
            articles=articles, actors=actors, stored=stored, seed=seed, workers=workers
        )
        rows = result.rows()
        width = max(len(label) for label, _value in rows)
        self.stdout.write(f"{'measure':<{width}}  value")
        self.stdout.write(f"{'-' * width}  {'-' * 10}")
        for label, value in rows:
            self.stdout.write(f"{label:<{width}}  {value}")
        if min_rate is not None and result.per_second < min_rate:
            raise CommandError(
                f"{result.per_second:.0f} articles/s is below the {min_rate:g} required."
            )
