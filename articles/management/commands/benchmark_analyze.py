"""Benchmark `analyze` on synthetic articles against a synthetic desk; prints a table.

Nothing touches the database: the desk (actors, aliases, stored stories) and the
articles are generated in memory from `--seed`, outside the timed section.

`--adversarial` times instead one input of `--size` bytes of each kind that once
made the analyzer quadratic (articles/analysis/benchmark.py, ADVERSARIAL), and
ordinary copy (the seed stories, repeated), against the demo directory.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.analysis import StoredArticle, decode, train
from articles.analysis.benchmark import ADVERSARIAL, run, run_adversarial

SEEDS = settings.BASE_DIR / "fixtures" / "seeds"


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
        parser.add_argument(
            "--adversarial",
            action="store_true",
            help="Time one large input of each adversarial kind instead.",
        )
        parser.add_argument(
            "--size",
            type=int,
            default=1_000_000,
            help="Bytes of each adversarial input (default: 1 MB).",
        )
        parser.add_argument(
            "--kinds",
            nargs="+",
            choices=sorted(ADVERSARIAL),
            help="Adversarial kinds to time (default: all).",
        )
        parser.add_argument(
            "--max-seconds",
            type=float,
            default=None,
            help="Fail when an adversarial input takes longer than this.",
        )

    def handle(self, *args, adversarial, **options):
        if adversarial:
            self._adversarial(**options)
            return
        result = run(
            articles=options["articles"],
            actors=options["actors"],
            stored=options["stored"],
            seed=options["seed"],
            workers=options["workers"],
        )
        rows = result.rows()
        width = max(len(label) for label, _value in rows)
        self.stdout.write(f"{'measure':<{width}}  value")
        self.stdout.write(f"{'-' * width}  {'-' * 10}")
        for label, value in rows:
            self.stdout.write(f"{label:<{width}}  {value}")
        min_rate = options["min_rate"]
        if min_rate is not None and result.per_second < min_rate:
            raise CommandError(
                f"{result.per_second:.0f} articles/s is below the {min_rate:g} required."
            )

    def _adversarial(self, *, size, kinds, max_seconds, **options):
        desk = train.demo_desk()
        seeds = sorted(SEEDS.glob("*.txt"))
        stories = [decode(path.read_bytes(), name=path.name) for path in seeds]
        # The seeds are stored too, so the near-duplicate search has stories to read.
        for number, story in enumerate(stories):
            desk.remember(
                StoredArticle(f"seed-{number}", seeds[number].stem, "", story)
            )
        timings = run_adversarial(
            desk=desk, ordinary="\n\n".join(stories), size=size, kinds=kinds
        )
        width = max(len(text) for text in ADVERSARIAL.values())
        self.stdout.write(
            f"{'input kind':<{width}}  {'size':>9}  {'seconds':>7}  {'CPU s':>5}  outcome"
        )
        self.stdout.write(f"{'-' * width}  {'-' * 9}  {'-' * 7}  -----  -------")
        for timing in timings:
            self.stdout.write(
                f"{ADVERSARIAL[timing.kind]:<{width}}  {timing.size / 1e6:>6.2f} MB"
                f"  {timing.seconds:>7.2f}  {timing.cpu_seconds:>5.2f}  {timing.outcome}"
            )
        slow = [t for t in timings if max_seconds and t.seconds > max_seconds]
        if slow:
            raise CommandError(
                f"over {max_seconds:g} s: "
                + ", ".join(f"{t.kind} ({t.seconds:.1f} s)" for t in slow)
            )
