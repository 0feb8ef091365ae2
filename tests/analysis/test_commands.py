"""The commands: `analyze` (the JSON contract), `ingest`, `score_analysis`, `benchmark_analyze`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Flag, Mention
from tests.analysis.conftest import ARTICLES, SEEDS

pytestmark = pytest.mark.django_db

CONTRACT_KEYS = {
    "file", "headline", "byline", "outlet", "source_url", "published", "body",
    "removed", "genre", "actors", "new_actor_candidates", "quotes", "flags", "dates",
}  # fmt: skip
GENRES = {"reporting", "opinion", "analysis", "statement", "aggregated", "unclassified"}
FLAG_KINDS = {
    "opinion_in_reporting", "loaded_language", "unattributed_claim", "altered_quote", "off_topic",
}  # fmt: skip
ACTOR_KINDS = {"person", "organization", "state", "group"}


def seeds():
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) == 5, f"the five sample articles belong in {SEEDS}"
    return paths


def analyze_json(*paths):
    out = StringIO()
    call_command("analyze", *map(str, paths), "--json", stdout=out)
    return json.loads(out.getvalue())


def keys_with_confidence(item, keys):
    """The contract's keys, plus the `confidence` (0-1) issue 11 added."""
    assert set(item) == set(keys) | {"confidence"}
    assert 0 <= item["confidence"] <= 1
    return True


def check_contract(data):
    """One object of docs/design.md's analysis contract, key for key."""
    assert set(data) == CONTRACT_KEYS
    body = data["body"]
    assert isinstance(body, str) and body
    for key in ("headline", "byline", "source_url", "published"):
        assert data[key] is None or (isinstance(data[key], str) and data[key])
    assert data["outlet"] is None or set(data["outlet"]) == {"slug", "name"}
    assert all(set(item) == {"text", "reason"} for item in data["removed"])
    assert set(data["genre"]) == {"value", "confidence", "reasons"}
    assert data["genre"]["value"] in GENRES
    assert 0 <= data["genre"]["confidence"] <= 1
    assert data["genre"]["reasons"]
    for actor in data["actors"]:
        assert keys_with_confidence(actor, {"slug", "name", "kind", "mentions"})
        assert actor["kind"] in ACTOR_KINDS
        for mention in actor["mentions"]:
            assert set(mention) == {"start", "end", "text"}
            assert body[mention["start"] : mention["end"]] == mention["text"]
    for candidate in data["new_actor_candidates"]:
        assert keys_with_confidence(candidate, {"name", "kind", "evidence"})
        assert candidate["kind"] in ACTOR_KINDS
    for quote in data["quotes"]:
        assert keys_with_confidence(quote, {"text", "speaker", "start", "end"})
        assert body[quote["start"] : quote["end"]] == quote["text"]
    for flag in data["flags"]:
        assert keys_with_confidence(flag, {"kind", "start", "end", "text", "reason"})
        assert flag["kind"] in FLAG_KINDS and flag["reason"]
        if flag["start"] is not None:
            assert body[flag["start"] : flag["end"]] == flag["text"]
    for date in data["dates"]:
        assert set(date) == {"text", "date"}


def test_analyze_prints_the_contract_for_one_file(directory):
    seeds()
    data = analyze_json(SEEDS / "002_016c10ce82b5f83f.txt")
    check_contract(data)
    assert data["file"] == "002_016c10ce82b5f83f.txt"
    assert data["outlet"] == {"slug": "azernews", "name": "AzerNews"}
    assert data["byline"] == "Sabina Mammadli"
    slugs = {actor["slug"] for actor in data["actors"]}
    assert {"hikmat-hajiyev", "emmanuel-macron", "united-states"} <= slugs


def test_analyze_prints_a_list_for_several_files_and_writes_nothing(directory):
    paths = [*seeds(), *sorted(ARTICLES.iterdir())]
    data = analyze_json(*paths)
    assert [item["file"] for item in data] == [path.name for path in paths]
    for item in data:
        check_contract(item)
    assert not Article.objects.exists()
    assert not Mention.objects.exists()


def test_analyze_reports_bad_files_and_fails(directory, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 of 2 file"):
        call_command(
            "analyze", str(ARTICLES / "dated_report.txt"), str(bad), "--json",
            stdout=out, stderr=err,
        )  # fmt: skip
    assert (
        err.getvalue().strip()
        == f"{bad}: binary: it contains NUL bytes, so it is not a text file"
    )
    assert [item["file"] for item in json.loads(out.getvalue())] == ["dated_report.txt"]


def test_analyze_without_json_summarises(directory):
    out = StringIO()
    call_command("analyze", str(ARTICLES / "furniture.txt"), verbosity=2, stdout=out)
    text = out.getvalue()
    assert "genre reporting" in text
    assert "removed “Advertisement” — advertisement marker" in text


def test_ingest_stores_the_samples_as_drafts_and_then_does_nothing(directory):
    paths = [str(path) for path in seeds()]
    out = StringIO()
    call_command("ingest", *paths, stdout=out, stderr=StringIO())
    assert "5 file(s): 5 created" in out.getvalue()
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 5
    assert Flag.objects.filter(state=Flag.State.SUGGESTED).exists()
    out = StringIO()
    call_command("ingest", *paths, stdout=out, stderr=StringIO())
    assert "5 file(s): 5 unchanged" in out.getvalue()
    assert Article.objects.count() == 5


def test_ingest_goes_on_past_bad_files_and_fails_at_the_end(directory, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin.txt").write_bytes("Café crème".encode("latin-1"))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="2 of 3 file"):
        call_command(
            "ingest", str(tmp_path / "empty.txt"), str(ARTICLES / "new_people.txt"),
            str(tmp_path / "latin.txt"), stdout=out, stderr=err,
        )  # fmt: skip
    lines = err.getvalue().strip().splitlines()
    assert "empty.txt: empty: there is no text in it" in lines
    assert any(line.startswith("latin.txt: not UTF-8") for line in lines)
    assert Article.objects.count() == 1


def test_ingest_dry_run_writes_nothing(directory):
    out = StringIO()
    call_command(
        "ingest",
        str(ARTICLES / "new_people.txt"),
        "--dry-run",
        stdout=out,
        stderr=StringIO(),
    )
    assert "1 checked (dry run)" in out.getvalue()
    assert not Article.objects.exists()


def test_ingest_refuses_files_over_the_size_limit(directory):
    with pytest.raises(CommandError):
        call_command(
            "ingest", str(ARTICLES / "new_people.txt"), "--max-bytes", "100",
            stdout=StringIO(), stderr=(err := StringIO()),
        )  # fmt: skip
    assert "too large" in err.getvalue()
    assert not Article.objects.exists()


def test_scoring_meets_the_targets_on_the_samples(directory):
    seeds()
    out = StringIO()
    call_command("score_analysis", "--check", stdout=out)
    table = out.getvalue()
    assert "Every target met." in table
    for part in ("junk removed", "actor mentions", "quote speakers", "flags"):
        assert part in table


def test_benchmark_prints_a_table():
    out = StringIO()
    call_command(
        "benchmark_analyze", "--articles", "40", "--actors", "200", "--stored", "5",
        "--workers", "1", stdout=out,
    )  # fmt: skip
    table = out.getvalue()
    assert "articles per second" in table
    assert "known actors                           200" in table


def test_benchmark_fails_below_the_required_rate():
    with pytest.raises(CommandError, match=r"is below the 1e\+06 required"):
        call_command(
            "benchmark_analyze", "--articles", "5", "--actors", "20", "--stored", "2",
            "--workers", "1", "--min-rate", "1000000", stdout=StringIO(),
        )  # fmt: skip
