"""Analyze raw article files and print what the pipeline finds; writes nothing.

`--json` prints the contract of docs/design.md ("Analysis contract"): one object per
file, a list when several paths are given. Files that cannot be read are reported
on stderr, one line each, and make the exit status non-zero.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.analysis import InputError, analyze, decode
from articles.ingest import desk_load, max_bytes_default, read_file


class Command(BaseCommand):
    help = "Analyze raw article files (plain text or HTML); writes nothing."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Files to analyze.")
        parser.add_argument(
            "--json", action="store_true", help="Print the analysis contract's JSON."
        )
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=None,
            help="Refuse files larger than this (default: 2 MB or NEWSDESK_INGEST_MAX_BYTES).",
        )

    def handle(self, *args, paths, json, max_bytes, verbosity, **options):
        as_json = json
        max_bytes = max_bytes or max_bytes_default()
        desk = desk_load()  # built once for the run: the matcher's automaton with it
        results, failed = [], 0
        for path in paths:
            try:
                data = read_file(path, max_bytes=max_bytes)
                text = decode(data, name=path.name, max_bytes=max_bytes)
                results.append(analyze(text, name=path.name, desk=desk))
            except InputError as exc:
                failed += 1
                self.stderr.write(f"{path}: {exc}")
        if as_json:
            objects = [result.to_dict(desk) for result in results]
            payload = objects[0] if len(paths) == 1 and objects else objects
            if objects or len(paths) > 1:
                self.stdout.write(_dumps(payload))
        else:
            for result in results:
                self._summary(result, desk, verbosity)
        if failed:
            raise CommandError(
                f"{failed} of {len(paths)} file(s) could not be analyzed."
            )

    def _summary(self, result, desk, verbosity):
        data = result.to_dict(desk)
        write = self.stdout.write
        write(
            self.style.MIGRATE_HEADING(
                f"{data['file']}: {data['headline'] or '(no headline)'}"
            )
        )
        outlet = data["outlet"]["name"] if data["outlet"] else "unidentified"
        write(
            f"  byline {data['byline'] or '—'} · outlet {outlet} · published {data['published'] or '—'}"
        )
        genre = data["genre"]
        write(
            f"  genre {genre['value']} ({genre['confidence']:.0%}): {'; '.join(genre['reasons'])}"
        )
        if result.duplicate:
            write(
                f"  near-duplicate of “{result.duplicate.article.headline}” ({result.duplicate.score:.0%})"
            )
        write(f"  removed {len(data['removed'])}, actors {len(data['actors'])}, "
              f"quotes {len(data['quotes'])}, flags {len(data['flags'])}, "
              f"new actors {len(data['new_actor_candidates'])}")  # fmt: skip
        if verbosity < 2:
            return
        for item in data["removed"]:
            write(f"    removed “{item['text'][:70]}” — {item['reason']}")
        for flag in data["flags"]:
            write(
                f"    {flag['kind']}: “{(flag['text'] or '')[:70]}” — {flag['reason']}"
            )
        for quote in data["quotes"]:
            write(
                f"    quote ({quote['speaker'] or 'unattributed'}): “{quote['text'][:70]}”"
            )


def _dumps(payload):
    return json.dumps(payload, ensure_ascii=False, indent=2)
