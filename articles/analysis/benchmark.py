"""A synthetic desk and synthetic articles, to measure how fast `analyze` runs.

Everything is generated in memory from a seed: actors (people with surname
aliases, organizations with abbreviations, states with capital metonyms), and
articles with headlines, bylines, quotes, loaded words, tail furniture and a share
of machine-rewritten copies of stored stories. Generation is not timed; the timed
part is exactly what `analyze --json` does per file after reading it.
"""

import json
import multiprocessing
import random
import statistics
import time
from dataclasses import dataclass

from .desk import Desk, KnownActor, KnownAlias, KnownOutlet, StoredArticle, StoredQuote
from .pipeline import analyze
from .text import InputError

SYLLABLES = "ka lo mi ra ten sul var dor ni bek zan gar mel tor vin as el ros qu ham jan lev".split()
VERBS = ["said", "told reporters", "stated", "added", "noted"]
TOPICS = [
    "the border talks", "the energy corridor", "the prisoner exchange", "the peace treaty",
    "the customs agreement", "the water dispute", "the rail link", "the election observers",
]  # fmt: skip
SPIN = {
    "peace": "harmony",
    "normal": "typical",
    "progress": "improvement",
    "talks": "discussions",
}


@dataclass
class Result:
    articles: int
    actors: int
    patterns: int
    stored: int
    build_seconds: float
    seconds: float
    latencies: list
    mentions: int
    flags: int
    workers: int = 1
    cpu_seconds: float = (
        0.0  # summed over workers; unlike wall time, other load leaves it be
    )

    @property
    def per_second(self):
        return self.articles / self.seconds if self.seconds else 0.0

    def rows(self):
        ordered = sorted(self.latencies)
        p95 = ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0
        return [
            ("articles analyzed", f"{self.articles:,}"),
            ("known actors", f"{self.actors:,}"),
            ("names and aliases in the automaton", f"{self.patterns:,}"),
            ("stored stories (near-duplicate index)", f"{self.stored:,}"),
            ("desk snapshot build", f"{self.build_seconds * 1000:.0f} ms"),
            ("worker processes", str(self.workers)),
            ("total analysis time", f"{self.seconds:.2f} s"),
            ("articles per second", f"{self.per_second:.0f}"),
            (
                "articles per second per worker",
                f"{1 / statistics.fmean(self.latencies):.0f}"
                if self.latencies
                else "—",
            ),
            (
                "CPU time per article",
                f"{self.cpu_seconds / max(1, self.articles) * 1000:.2f} ms",
            ),
            (
                "mean per article",
                f"{statistics.fmean(self.latencies) * 1000:.2f} ms"
                if self.latencies
                else "—",
            ),
            ("95th percentile per article", f"{p95 * 1000:.2f} ms"),
            ("mentions found", f"{self.mentions:,}"),
            ("flags suggested", f"{self.flags:,}"),
        ]


def _word(rng, parts=2):
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def generate_desk_data(*, actors, rng):
    """(actors, aliases) for a desk of `actors` known actors."""
    known, aliases, used = [], [], set()
    for number in range(actors):
        kind = ("person", "person", "organization", "state")[number % 4]
        while True:
            if kind == "person":
                name = f"{_word(rng)} {_word(rng, 3)}"
            elif kind == "organization":
                name = f"{_word(rng)} {rng.choice(['Ministry', 'Council', 'Agency', 'Committee'])}"
            else:
                name = f"Republic of {_word(rng, 3)}"
            if name not in used:
                used.add(name)
                break
        slug = f"actor-{number}"
        known.append(KnownActor(slug, name, kind, number + 1))
        if kind == "person":
            aliases.append(KnownAlias(slug, name.split()[-1], "other"))
        elif kind == "organization":
            aliases.append(
                KnownAlias(
                    slug,
                    "".join(w[0] for w in name.split()).upper() + str(number),
                    "abbreviation",
                )
            )
        else:
            aliases.append(KnownAlias(slug, _word(rng, 2) + "grad", "metonym"))
    return known, aliases


def generate_article(*, rng, actors, aliases, number):
    people = [a for a in actors if a.kind == "person"]
    others = [a for a in actors if a.kind != "person"]
    metonyms = [a.text for a in aliases if a.kind == "metonym"]
    topic = rng.choice(TOPICS)
    speaker, other = rng.choice(people), rng.choice(others)
    lines = [f"{other.name} and {speaker.name.split()[-1]} discuss {topic}"]
    if rng.random() < 0.5:
        lines.append(f"By {_word(rng)} {_word(rng, 3)}")
    for _paragraph in range(rng.randint(6, 12)):
        person = rng.choice(people)
        place = rng.choice(metonyms)
        sentences = [
            f"{person.name} met officials of the {rng.choice(others).name} on Tuesday to discuss {topic}.",
            f"“We will not accept any delay in {topic}, and we expect real progress on the peace track,” {person.name.split()[-1]} {rng.choice(VERBS)}.",
            f"{place} has rejected the proposal, according to the {rng.choice(others).name}.",
            f"The talks in {rng.choice(metonyms)} ended on November {rng.randint(1, 28)}, 2024.",
        ]
        if rng.random() < 0.15:
            sentences.append(
                "Observers suggest that the so-called agreement may collapse."
            )
        if rng.random() < 0.1:
            sentences.append(
                "Unfortunately, the government has failed to remain objective."
            )
        rng.shuffle(sentences)
        lines.append(" ".join(sentences[: rng.randint(2, len(sentences))]))
    if rng.random() < 0.5:
        lines += [
            "Comments",
            "Follow us on Twitter @desknews",
            "Subscribe to our newsletter for as little as $1 a month.",
        ]
    return "\n".join(lines)


def spin(text):
    for old, new in SPIN.items():
        text = text.replace(old, new)
    return text


def run(*, articles=1000, actors=1000, stored=100, seed=1, workers=1):
    """Generate a desk and articles, then time `analyze` plus the JSON on each.

    With `workers` > 1 the articles are shared among forked processes, as a run of
    `analyze` over many files would share them among the machine's cores.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    known, aliases = generate_desk_data(actors=actors, rng=rng)
    outlets = [KnownOutlet("desk-news", "Desk News", "desknews.example")]
    originals = [
        generate_article(rng=rng, actors=known, aliases=aliases, number=n)
        for n in range(stored)
    ]
    texts = [
        spin(rng.choice(originals)) if rng.random() < 0.1  # noqa: S311 - not security
        else generate_article(rng=rng, actors=known, aliases=aliases, number=n)
        for n in range(articles)
    ]  # fmt: skip

    started = time.perf_counter()
    desk = Desk(actors=known, aliases=aliases, outlets=outlets)
    for number, text in enumerate(originals):
        result = analyze(text, name=f"stored-{number}", desk=desk)
        desk.remember(
            StoredArticle(
                f"s{number}", f"stored-{number}", result.headline or "", result.body
            ),
            [
                StoredQuote(q.speaker, q.text, result.headline or "", f"s{number}")
                for q in result.quotes
                if q.speaker
            ],
        )
    build = time.perf_counter() - started

    started = time.perf_counter()
    if workers > 1:
        # Forked workers inherit the desk: its automaton is built once, in the parent.
        _shared["desk"] = desk
        chunks = [texts[index::workers] for index in range(workers)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_analyze_all, chunks)
    else:
        parts = [_analyze_all(texts, desk)]
    seconds = time.perf_counter() - started
    latencies = [latency for part in parts for latency in part[0]]
    return Result(
        articles, actors, desk.matcher.size, stored, build, seconds, latencies,
        sum(part[1] for part in parts), sum(part[2] for part in parts), workers,
        sum(part[3] for part in parts),
    )  # fmt: skip


_shared = {}


def _analyze_all(texts, desk=None):
    """Analyze and serialise each text: (latencies, mentions, flags, CPU seconds)."""
    desk = desk or _shared["desk"]
    latencies, mentions, flags = [], 0, 0
    cpu = time.process_time()
    for number, text in enumerate(texts):
        began = time.perf_counter()
        result = analyze(text, name=f"article-{number}.txt", desk=desk)
        json.dumps(result.to_dict(desk), ensure_ascii=False)
        latencies.append(time.perf_counter() - began)
        mentions += len(result.mentions)
        flags += len(result.flags)
    return latencies, mentions, flags, time.process_time() - cpu


# Adversarial inputs -------------------------------------------------------------

# Each kind once cost time quadratic in its length (issue 12): a walk back through
# every earlier reference per quote, a slice of the rest of the text per full stop,
# a whole line re-read per outlet name, a feed check per line of the tail.
ADVERSARIAL = {
    "outlet": "an outlet's name, repeated",
    "paragraph": "ordinary copy as one paragraph",
    "quotes": "quotation marks paired across sentences",
    "marks": "stray quotation marks",
    "capitals": "capitalised words, no full stop",
    "lines": "many short lines",
    "feed": "separators and time stamps",
    "abbreviations": "abbreviations before names",
    "names": "known names, densely",
    "ordinary": "ordinary copy",
    "html": "ordinary copy as an HTML page",
}


@dataclass
class Timing:
    kind: str
    size: int  # UTF-8 bytes
    seconds: float
    cpu_seconds: float
    outcome: str  # "analyzed", or why the pipeline refused the text


def adversarial_inputs(size, *, desk, ordinary):
    """{kind: text of about `size` UTF-8 bytes} for every kind of ADVERSARIAL.

    `ordinary` is real copy (several stories, blank-line separated paragraphs) to
    repeat; the desk gives the outlet and the names the matchers know.
    """

    def fill(unit):
        # Cut by characters in the unit's proportion of bytes: UTF-8 marks are wider.
        return (unit * (size // len(unit.encode()) + 1))[
            : size * len(unit) // len(unit.encode())
        ]

    outlet = desk.outlets.outlets[0].name if desk.outlets.outlets else "AzerNews"
    people = [a for a in desk.actors.values() if a.kind == "person"]
    others = [a for a in desk.actors.values() if a.kind != "person"]
    person = people[0].name if people else "Ilham Aliyev"
    other = others[0].name if others else "Republic of Azerbaijan"
    paragraphs = [p for p in ordinary.split("\n\n") if p.strip()]
    html = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    texts = {
        "outlet": fill(f"{outlet} reported. "),
        "paragraph": fill(" ".join(" ".join(paragraphs).split()) + " "),
        "quotes": fill("“We will go on,” he said. “Never "),
        "marks": fill('Word "“ ”«» said ’ '),
        "capitals": fill(
            "Alpha Bravo Ministry Of Charlie Council And The Delta Agency "
        ),
        "lines": fill("The talks went on.\n"),
        "feed": fill("* * *\n12:30\nPolitics\nThe talks went on in Baku.\n"),
        "abbreviations": fill("Mr. Smith and Dr. Jones met Gen. Brown. "),
        "names": fill(f"{person} met {other}. {person.split()[-1]} said. "),
        "ordinary": fill(ordinary.strip() + "\n\n"),
        "html": "<!doctype html><html><body><article>\n"
        + fill(html)
        + "</article></body></html>",
    }
    return texts


def run_adversarial(*, desk, ordinary, size=1_000_000, kinds=None):
    """Time `analyze` on each adversarial input of `size` bytes, one after another."""
    timings = []
    for kind, text in adversarial_inputs(size, desk=desk, ordinary=ordinary).items():
        if kinds and kind not in kinds:
            continue
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            analyze(text, name=f"{kind}.txt", desk=desk)
            outcome = "analyzed"
        except InputError as exc:  # a feed of nothing but furniture has no story
            outcome = f"refused: {exc}"
        timings.append(
            Timing(
                kind,
                len(text.encode()),
                time.perf_counter() - wall,
                time.process_time() - cpu,
                outcome,
            )
        )
    return timings
