"""Score the analysis pipeline against the gold annotation of the sample articles.

Prints precision and recall per part. It reads the desk's actors, aliases and
outlets from the database but none of its stories: the samples are scored as
`ingest` meets them on a desk that has filed nothing yet, each sample seeing the
ones before it. `--check` makes a missed target an error (for CI).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.analysis.scoring import TARGETS, score_samples
from articles.ingest import desk_load


class Command(BaseCommand):
    help = "Print precision and recall of the analysis pipeline on the gold samples."

    def add_arguments(self, parser):
        parser.add_argument(
            "--gold",
            type=Path,
            default=settings.BASE_DIR / "tests" / "data" / "gold",
            help="Directory of gold annotations (default: tests/data/gold).",
        )
        parser.add_argument(
            "--seeds",
            type=Path,
            default=settings.BASE_DIR / "fixtures" / "seeds",
            help="Directory of the raw sample articles (default: fixtures/seeds).",
        )
        parser.add_argument(
            "--check", action="store_true", help="Fail when a target is missed."
        )

    def handle(self, *args, gold, seeds, check, verbosity, **options):
        if not seeds.is_dir():
            raise CommandError(f"The sample articles are not at {seeds}.")
        report = score_samples(
            desk=desk_load(with_stored=False), gold_dir=gold, seeds_dir=seeds
        )
        self.stdout.write(
            f"{'part':<22} {'precision':>9} {'recall':>7} {'found':>9}  target"
        )
        for part in report.parts.values():
            targets = ", ".join(
                f"{measure} ≥ {value:g}"
                for (name, measure), value in TARGETS.items()
                if name == part.name
            )
            self.stdout.write(
                f"{part.name:<22} {_number(part.precision):>9} {_number(part.recall):>7} "
                f"{part.found:>4}/{part.expected:<4}  {targets}"
            )
        if verbosity >= 2:
            for file, part, what in report.misses:
                self.stdout.write(f"  {file} · {part}: {what}")
        failures = report.failures()
        for name, measure, value, target in failures:
            self.stdout.write(
                self.style.ERROR(
                    f"Missed: {name} {measure} {_number(value)} < {target:g}"
                )
            )
        if not failures:
            self.stdout.write(self.style.SUCCESS("Every target met."))
        elif check:
            raise CommandError(f"{len(failures)} target(s) missed.")


def _number(value):
    return "—" if value is None else f"{value:.2f}"
