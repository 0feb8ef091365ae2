"""Benchmark re-anchoring: spans of a 20,000-character body carried across one edit.

Each run diffs the old and new body and re-anchors every span (what saving an
edited story will cost); bodies, edits and spans are generated from `--seed`
outside the timed section. Nothing touches the database.
"""

import random
import re
import statistics
import time

from django.core.management.base import BaseCommand, CommandError

from articles.anchoring import diff_texts, reanchor

SENTENCES = [
    "The council met on {day} to discuss the disputed {thing}.",
    "Officials from the {place} said the talks would resume after the holiday.",
    "According to a spokesperson, the ministry has not received the {thing}.",
    "Critics called the decision a {adj} step that ignores local farmers.",
    "Residents of {place} told reporters they had heard such promises before.",
    "The opposition demanded that the full annex be published before any vote.",
    "Satellite images show the river at its lowest level since {year}.",
    "A final round of negotiations is scheduled for next month in the capital.",
    "Observers expect a compromise that phases in the quotas over {n} years.",
    "Independent experts described the formula as {adj} but hard to enforce.",
]
FILL = {
    "day": ["Monday", "Tuesday", "Thursday", "Friday"],
    "thing": ["water agreement", "border survey", "pipeline deal", "draft treaty"],
    "place": ["northern districts", "border villages", "valley towns", "capital"],
    "adj": ["reckless", "cautious", "reasonable", "so-called historic"],
    "year": ["1991", "2004", "2012", "2019"],
    "n": ["three", "five", "seven"],
}
EDITS = [
    "replace a word",
    "insert a sentence",
    "delete a paragraph",
    "split a paragraph",
    "merge paragraphs",
    "first and last word",
    "rewrite everything",
]


def make_body(rng: random.Random, length: int) -> str:
    paragraphs, size = [], 0
    while size < length:
        sentences = [
            rng.choice(SENTENCES).format(**{k: rng.choice(v) for k, v in FILL.items()})
            for _ in range(rng.randint(3, 7))
        ]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:length].rstrip()


def make_spans(rng: random.Random, body: str, count: int) -> list[tuple[int, int]]:
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+", body)]
    spans = []
    for _ in range(count):
        first = rng.randrange(len(words))
        last = min(first + rng.randint(0, 5), len(words) - 1)
        spans.append((words[first][0], words[last][1]))
    return spans


def make_edit(rng: random.Random, body: str, kind: str) -> str:
    breaks = [m.start() for m in re.finditer(r"\n\n", body)]
    if kind == "replace a word":
        word = rng.choice(list(re.finditer(r"\w+", body)))
        return body[: word.start()] + "contested" + body[word.end() :]
    if kind == "insert a sentence":
        end = rng.choice(list(re.finditer(r"\. ", body)))
        sentence = " The desk could not verify this claim independently."
        return body[: end.start() + 1] + sentence + body[end.start() + 1 :]
    if kind == "delete a paragraph":
        i = rng.randrange(len(breaks) - 1)
        return body[: breaks[i]] + body[breaks[i + 1] :]
    if kind == "split a paragraph":
        space = rng.choice(list(re.finditer(r"\. ", body)))
        return body[: space.start() + 1] + "\n\n" + body[space.end() :]
    if kind == "merge paragraphs":
        at = rng.choice(breaks)
        return body[:at] + " " + body[at + 2 :]
    if kind == "first and last word":
        # Defeats the common prefix and suffix: the whole body is diffed.
        words = list(re.finditer(r"\w+", body))
        first, last = words[0], words[-1]
        return (
            "Earlier" + body[first.end() : last.start()] + "later" + body[last.end() :]
        )
    if kind == "rewrite everything":
        return make_body(rng, len(body))
    raise ValueError(kind)


def measure(kind: str, *, runs: int, length: int, spans: int, seed: int):
    rng = random.Random(f"{seed}-{kind}")  # noqa: S311 - reproducible test data
    timings = []
    for _ in range(runs):
        old = make_body(rng, length)
        new = make_edit(rng, old, kind)
        old_spans = make_spans(rng, old, spans)
        started = time.perf_counter()
        reanchor(diff_texts(old, new), old_spans)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95


class Command(BaseCommand):
    help = "Median and p95 ms to re-anchor spans after one edit of a long body."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=50)
        parser.add_argument("--length", type=int, default=20_000)
        parser.add_argument("--spans", type=int, default=300)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--max-median",
            type=float,
            default=None,
            help="Fail when a local edit's median ms is above this (not for a rewrite).",
        )

    def handle(self, *args, runs, length, spans, seed, max_median, **options):
        width = max(len(kind) for kind in EDITS)
        self.stdout.write(
            f"{runs} runs, {length:,}-character body, {spans} spans (diff + re-anchor)"
        )
        self.stdout.write(f"{'edit':<{width}}  {'median ms':>9}  {'p95 ms':>7}")
        self.stdout.write(f"{'-' * width}  {'-' * 9}  {'-' * 7}")
        too_slow = []
        for kind in EDITS:
            median, p95 = measure(
                kind, runs=runs, length=length, spans=spans, seed=seed
            )
            self.stdout.write(f"{kind:<{width}}  {median:9.2f}  {p95:7.2f}")
            local = kind != "rewrite everything"
            if max_median is not None and local and median > max_median:
                too_slow.append(kind)
        if too_slow:
            raise CommandError(
                f"Median above {max_median:g} ms for: {', '.join(too_slow)}."
            )
