"""Choose the analyzer's confidence thresholds on a gold-annotated corpus.

    python -m articles.analysis.train ../shared/corpus/dev            # report
    python -m articles.analysis.train ../shared/corpus/dev --write    # and save
    python -m articles.analysis.train ../shared/corpus/dev --loo      # and held out

Django-free: the desk is read from `fixtures/demo/desk.toml` (the demo directory),
the corpus is the `NAME.txt` + `NAME.gold.json` format of the development corpus.
Nothing is learnt but four kinds of number, written to `data/thresholds.toml`:

- the genre temperature: the softmax temperature whose confidences best match how
  often the genre guess is right (lowest Brier score);
- the genre threshold: the lowest confidence from which guesses are right at least
  80% of the time (accuracy of the guesses at or above it, and of every band of
  `WINDOW` guesses above it), lowered halfway to the next guess below it, below
  which the genre is `unclassified`;
- per flag kind, the lowest confidence from which suggested flags are right at
  least 80% of the time (flags that only touch an optional gold span are neutral);
  a kind that is never right on the corpus gets a threshold above every confidence
  it was wrong at, and a kind never suggested gets the target itself (0.8).

`--loo` reports leave-one-file-out figures (each file is its own outlet): the
thresholds are chosen on the other files and applied to the one left out.
Deterministic: the same corpus and code give the same numbers.
"""

import argparse
import json
import re
import sys
import tomllib
import unicodedata
from pathlib import Path

from .desk import Desk, KnownActor, KnownAlias, KnownOutlet
from .flags import genre_factor
from .genre import THRESHOLDS_PATH, Genre, softmax_confidence
from .pipeline import analyze
from .text import InputError, decode

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "fixtures" / "demo" / "desk.toml"
TARGET = 0.8
WINDOW = 5
TEMPERATURES = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0)
KINDS = (
    "loaded_language",
    "unattributed_claim",
    "opinion_in_reporting",
    "altered_quote",
    "off_topic",
)


def demo_desk(path=DEMO):
    with open(path, "rb") as file:
        data = tomllib.load(file)
    actors = [KnownActor(a["slug"], a["name"], a["kind"]) for a in data["actors"]]
    aliases = [
        KnownAlias(a["slug"], alias["text"], alias.get("kind", "spelling"))
        for a in data["actors"]
        for alias in a.get("aliases", [])
    ]
    outlets = [
        KnownOutlet(o["slug"], o["name"], o.get("domain", "")) for o in data["outlets"]
    ]
    return Desk(actors=actors, aliases=aliases, outlets=outlets)


# Matching, as the corpus README describes it ----------------------------------------

FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"',
        "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " ",
    }
)  # fmt: skip


def norm(text):
    text = unicodedata.normalize("NFKC", str(text or "")).translate(FOLD)
    return re.sub(r"\s+", " ", text).strip().lower()


def overlap(a, b):
    na, nb = norm(a), norm(b)
    wa, wb = set(re.findall(r"[a-z0-9]+", na)), set(re.findall(r"[a-z0-9]+", nb))
    if not wa or not wb:
        return False
    if na in nb or nb in na:
        return True
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.6


# Collecting ---------------------------------------------------------------------------


def collect(corpus, desk):
    """One record per file: the genre evidence and every flag with its verdict."""
    records = []
    for path in sorted(Path(corpus).glob("*.txt")):
        gold_path = path.with_name(path.stem + ".gold.json")
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        try:
            text = decode(path.read_bytes(), name=path.name)
            result = analyze(text, name=path.name, desk=desk, flag_thresholds={})
        except InputError:
            continue
        required = [f for f in gold.get("flags", []) if f.get("text")]
        optional = [f for f in gold.get("flags_optional", []) if f.get("text")]
        flags = []
        for flag in result.flags:
            hits = [
                i for i, g in enumerate(required)
                if g["kind"] == flag.kind and overlap(g["text"], flag.text)
            ]  # fmt: skip
            neutral = not hits and any(overlap(g["text"], flag.text) for g in optional)
            base = flag.base if flag.scaled else flag.confidence
            flags.append((flag.kind, base, flag.scaled, hits, neutral))
        records.append(
            {
                "file": path.name,
                "gold": gold["genre"]["value"],
                "guess": result.genre.guess or result.genre.value,
                "weights": result.genre.weights,
                "flags": flags,
                "required": [g["kind"] for g in required],
            }
        )
    return records


def genre_of(record, genre_params):
    """The record's genre under these parameters."""
    if not record["weights"]:
        return Genre("unclassified", 0.0)
    confidence = softmax_confidence(record["weights"], genre_params["temperature"])
    value = (
        record["guess"] if confidence >= genre_params["threshold"] else "unclassified"
    )
    return Genre(value, confidence, guess=record["guess"])


def flag_confidences(record, genre_params):
    """(kind, confidence, hits, neutral) of each flag under these genre parameters."""
    factor = genre_factor(genre_of(record, genre_params))
    return [
        (kind, round(base * factor, 2) if scaled else base, hits, neutral)
        for kind, base, scaled, hits, neutral in record["flags"]
    ]


# Choosing -------------------------------------------------------------------------------


def choose_temperature(records):
    def brier(temperature):
        total = 0.0
        for r in records:
            if not r["weights"]:
                continue
            confidence = softmax_confidence(r["weights"], temperature)
            total += (confidence - (r["guess"] == r["gold"])) ** 2
        return total

    return min(TEMPERATURES, key=lambda t: (round(brier(t), 6), t))


def choose_genre_threshold(records, temperature):
    scored = sorted(
        (softmax_confidence(r["weights"], temperature), r["guess"] == r["gold"])
        for r in records
        if r["weights"]
    )
    for index, (confidence, _right) in enumerate(scored):
        above = [right for _c, right in scored[index:]]
        bands = [
            above[i : i + WINDOW] for i in range(0, max(1, len(above) - WINDOW + 1))
        ]
        if sum(above) / len(above) >= TARGET and all(
            sum(band) / len(band) >= TARGET for band in bands
        ):
            # Halfway down to the next guess below, for a margin: a guess a little
            # less sure than those seen is judged like them.
            below = [c for c, _r in scored[:index] if c < confidence]
            threshold = (confidence + below[-1]) / 2 if below else confidence
            return round(max(0.5, threshold), 2)
    return 0.99


def choose_flag_thresholds(records, genre_params):
    """Per kind: the most recall at precision >= TARGET, with the widest margin.

    Among the thresholds that keep the most right flags at that precision, the
    highest is taken, then lowered halfway to the next confidence below it, so a
    flag a little less sure than those seen is still judged the same way.
    """
    chosen = {}
    scored = [f for r in records for f in flag_confidences(r, genre_params)]
    for kind in KINDS:
        counted = [(c, bool(hits)) for k, c, hits, neutral in scored
                   if k == kind and not neutral]  # fmt: skip
        if not counted:
            chosen[kind] = TARGET  # no evidence either way: as sure as the target
            continue
        levels = sorted({c for c, _ in counted})
        options = []
        for threshold in levels:
            kept = [right for c, right in counted if c >= threshold]
            if kept and sum(kept) / len(kept) >= TARGET:
                options.append((sum(kept), threshold))
        if not options or max(options)[0] == 0:
            # never right enough: just above every confidence it was wrong at
            chosen[kind] = round(min(1.0, max(levels) + 0.01), 2)
            continue
        most = max(right for right, _t in options)
        best = max(t for right, t in options if right == most)
        below = [c for c in levels if c < best]
        chosen[kind] = round((best + below[-1]) / 2 if below else best, 2)
    return chosen


def fit(records):
    temperature = choose_temperature(records)
    genre_params = {
        "temperature": temperature,
        "threshold": choose_genre_threshold(records, temperature),
    }
    return {
        "genre": genre_params,
        "flags": choose_flag_thresholds(records, genre_params),
    }


# Scoring ----------------------------------------------------------------------------------


def evaluate(records, params_for):
    """Genre accuracy and flag precision/recall, each file with its own parameters."""
    genre_right = genre_total = unclassified = 0
    flag_right = flag_counted = required_found = required_total = 0
    for r in records:
        params = params_for(r)
        value = genre_of(r, params["genre"]).value
        genre_total += 1
        genre_right += value == r["gold"]
        unclassified += value == "unclassified"
        kept = [
            f
            for f in flag_confidences(r, params["genre"])
            if f[1] >= params["flags"].get(f[0], 0.0)
        ]
        flag_counted += sum(1 for f in kept if f[2] or not f[3])
        flag_right += sum(1 for f in kept if f[2])
        found = {i for f in kept for i in f[2]}
        required_found += len(found)
        required_total += len(r["required"])
    return {
        "genre": genre_right / max(1, genre_total),
        "unclassified": unclassified,
        "flagsP": flag_right / flag_counted if flag_counted else 1.0,
        "flagsR": required_found / max(1, required_total),
        "flags": f"{flag_right}/{flag_counted} {required_found}/{required_total}",
    }


def write(params, path=THRESHOLDS_PATH):
    lines = [
        "# Confidence thresholds chosen on the development corpus by",
        "# `python -m articles.analysis.train ../shared/corpus/dev --write`",
        "# (docs/analysis.md). Do not edit by hand: rerun the command.",
        "[genre]",
        f"temperature = {params['genre']['temperature']}",
        f"threshold = {params['genre']['threshold']}",
        "",
        "# A flag is suggested when its confidence reaches the threshold of its kind.",
        "[flags]",
        *(f"{kind} = {value}" for kind, value in params["flags"].items()),
        "",
    ]
    Path(path).write_text("\n".join(lines), encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", help="folder of NAME.txt with NAME.gold.json")
    parser.add_argument(
        "--write", action="store_true", help="save data/thresholds.toml"
    )
    parser.add_argument("--loo", action="store_true", help="leave-one-file-out figures")
    parser.add_argument("--verbose", action="store_true", help="one line per file")
    args = parser.parse_args(argv)
    records = collect(args.corpus, demo_desk())
    if not records:
        sys.exit(f"train: no NAME.txt with NAME.gold.json in {args.corpus}")
    params = fit(records)
    print("chosen:", json.dumps(params))
    print("fitted on all files:", json.dumps(evaluate(records, lambda r: params)))
    if args.verbose:
        for r in records:
            t = params["genre"]["temperature"]
            print(
                f"  {r['file']}: gold {r['gold']}, guess {r['guess']} "
                f"({softmax_confidence(r['weights'], t):.2f}); flags "
                + ", ".join(
                    f"{k} {c:.2f} {'hit' if h else 'neutral' if n else 'wrong'}"
                    for k, c, h, n in flag_confidences(r, params["genre"])
                )  # fmt: skip
            )
    if args.loo:
        fitted = {r["file"]: fit([o for o in records if o is not r]) for r in records}
        print(
            "leave-one-file-out:",
            json.dumps(evaluate(records, lambda r: fitted[r["file"]])),
        )
    if args.write:
        write(params)
        print(f"written to {THRESHOLDS_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
