"""Ingest raw article files as drafts with the analyzer's suggestions.

Idempotent (the same content twice is one story), atomic per file, with a progress
bar and a summary. Bad files (empty, binary, not UTF-8, too large) are reported one
line each; the run goes on, and the exit status is non-zero if any failed.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.ingest import ingest_paths


class Command(BaseCommand):
    help = "Store raw article files (plain text or HTML) as draft articles."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Files to ingest.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Analyze and store each file, then roll it back.",
        )
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=None,
            help="Refuse files larger than this (default: 2 MB or NEWSDESK_INGEST_MAX_BYTES).",
        )

    def handle(self, *args, paths, dry_run, max_bytes, verbosity, **options):
        def progress(items):
            # The raw stream: OutputWrapper.write would end every refresh with a newline.
            return tqdm(
                items, desc="Ingesting", unit="file", disable=verbosity < 1,
                file=self.stderr._out, leave=False,
            )  # fmt: skip

        results = ingest_paths(
            paths=paths, dry_run=dry_run, max_bytes=max_bytes, progress=progress
        )
        failed = [r for r in results if r.status == "failed"]
        for result in failed:
            self.stderr.write(f"{result.name}: {result.error}")
        if verbosity >= 1:
            self._table(results, dry_run)
        if failed:
            raise CommandError(f"{len(failed)} of {len(results)} file(s) failed.")

    def _table(self, results, dry_run):
        header = (
            "file",
            "result",
            "story",
            "genre",
            "outlet",
            "ment.",
            "quotes",
            "flags",
            "duplicate of",
        )
        rows = []
        for r in results:
            if r.status == "failed":
                rows.append((r.name, "failed", r.error, "", "", "", "", "", ""))
                continue
            a, article = r.analysis, r.article
            rows.append((
                r.name,
                r.status,
                article.slug if article else (a.headline or "")[:40],
                (article.genre if article else a.genre.value),
                (article.outlet.slug if article else (a.outlet.slug if a.outlet else "unidentified-outlet")),
                str(len(a.mentions)) if a else "",
                str(len(a.quotes)) if a else "",
                str(len(a.flags)) if a else "",
                (article.duplicate_of.slug if article and article.duplicate_of else
                 (a.duplicate.article.slug if a and a.duplicate else "—")),
            ))  # fmt: skip
        widths = [
            min(48, max(len(str(row[i])) for row in [header, *rows]))
            for i in range(len(header))
        ]
        line = "  ".join(f"{{:<{w}}}" for w in widths)
        self.stdout.write(line.format(*header))
        for row in rows:
            self.stdout.write(
                line.format(*(str(cell)[: widths[i]] for i, cell in enumerate(row)))
            )
        counts = {status: sum(1 for r in results if r.status == status)
                  for status in ("created", "checked", "unchanged", "failed")}  # fmt: skip
        summary = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
        style = self.style.ERROR if counts["failed"] else self.style.SUCCESS
        self.stdout.write(
            style(
                f"{len(results)} file(s): {summary}" + (" (dry run)" if dry_run else "")
            )
        )
