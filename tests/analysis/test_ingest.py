"""Ingest: drafts with suggestions, idempotent, atomic per file, past bad files."""

import pytest

from articles.ingest import desk_load, ingest_data, ingest_paths
from articles.models import (
    Article,
    AuditEntry,
    EditorialNote,
    Flag,
    Mention,
    Outlet,
    Quote,
)
from tests.analysis.conftest import ARTICLES, SEEDS, sample, seed
from tests.factories import DraftArticleFactory

pytestmark = pytest.mark.django_db


def ingest(name, text, user=None):
    return ingest_data(name=name, data=text.encode(), desk=desk_load(), user=user)


def test_the_samples_become_drafts_an_editor_can_review(directory):
    paths = sorted(SEEDS.glob("*.txt"))
    results = ingest_paths(paths=paths)
    assert [r.status for r in results] == ["created"] * 5
    articles = {r.name[:3]: r.article for r in results}

    for article in articles.values():
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT
        assert article.genre_confirmed_at is None
        assert article.ingested_at is not None
        assert len(article.content_hash) == 64
        assert article.notes.filter(kind=EditorialNote.Kind.INTERNAL).exists()
        for span in [
            *article.mentions.all(),
            *article.quotes.all(),
            *article.flags.all(),
        ]:
            span.full_clean()  # offsets and text agree with the body
        assert not article.flags.exclude(state=Flag.State.SUGGESTED).exists()

    assert articles["002"].outlet.slug == "azernews"
    assert articles["002"].byline == "Sabina Mammadli"
    assert articles["003"].outlet.slug == "turan"
    assert articles["000"].outlet.slug == "unidentified-outlet"
    assert articles["004"].original_url == "https://www.commonspace.eu/"
    assert articles["004"].genre == Article.Genre.AGGREGATED
    assert articles["004"].headline.startswith("Azerbaijan has recently rejected")
    assert "came without one" in articles["004"].notes.get().body
    assert "Comments" in articles["000"].notes.get().body

    spun = articles["001"]
    assert spun.genre == Article.Genre.AGGREGATED
    altered = spun.flags.filter(kind=Flag.Kind.ALTERED_QUOTE)
    assert altered.count() == 2
    assert "“harmony” for “peace”" in altered.get(text__startswith="Nothing").reason
    assert "Headline: The headline shares no names" in spun.notes.get().body
    baku = spun.mentions.filter(text="Baku").first()
    assert baku.actor.slug == "azerbaijan" and baku.alias.kind == "metonym"
    assert spun.quotes.filter(speaker__slug="james-obrien").count() == 2
    assert AuditEntry.objects.filter(action="article.ingest").count() == 5


def test_the_same_content_twice_is_one_story(directory):
    first = ingest("a.txt", sample("new_people.txt"))
    again = ingest(
        "b.txt", "\r\n" + sample("new_people.txt").replace("\n", "\r\n") + "\n\n"
    )
    assert first.status == "created" and again.status == "unchanged"
    assert again.article == first.article
    assert Article.objects.count() == 1


def test_a_failure_mid_write_leaves_nothing_of_that_file(directory, monkeypatch):
    """Flags are written after the article, mentions and quotes: fail there."""
    original_save = Flag.save

    def failing_save(self, *args, **kwargs):
        if "Apple" in self.article.body:
            raise RuntimeError("disk full")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Flag, "save", failing_save)
    results = ingest_paths(
        paths=[ARTICLES / "furniture.txt", ARTICLES / "spun_copy_of_000.txt"]
    )
    assert [r.status for r in results] == ["failed", "created"]
    assert results[0].error == "could not be stored: disk full"
    assert Article.objects.count() == 1
    assert not Article.objects.filter(body__contains="Apple").exists()
    assert not Mention.objects.filter(article__body__contains="Apple").exists()
    assert not EditorialNote.objects.filter(body__contains="furniture.txt").exists()
    assert Quote.objects.filter(article=results[1].article).exists()


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "empty: there is no text in it"),
        (b"   \n\n  ", "empty: there is no text in it"),
        (
            b"PK\x03\x04\x00\x00binary",
            "binary: it contains NUL bytes, so it is not a text file",
        ),
        (
            "Déjà vu in Baku".encode("latin-1"),
            "not UTF-8: byte 0xe9 at offset 1 cannot be decoded; save the file as UTF-8",
        ),
        (b"x" * 2001, "too large: 2,001 bytes, over the 2,000-byte limit"),
        (b"Share on Facebook\nComments", "no story text left after cleaning"),
    ],
)
def test_bad_files_fail_with_one_line_and_write_nothing(
    directory, tmp_path, content, error
):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    (result,) = ingest_paths(paths=[path], max_bytes=2000)
    assert (result.status, result.error) == ("failed", error)
    assert not Article.objects.exists()


def test_a_missing_file_or_a_directory_fails(directory, tmp_path):
    results = ingest_paths(paths=[tmp_path / "gone.txt", tmp_path])
    assert [(r.status, r.error) for r in results] == [
        ("failed", "not a file"),
        ("failed", "not a file"),
    ]


def test_an_unknown_outlet_goes_to_the_shared_unidentified_record(db):
    assert not Outlet.objects.exists()
    result = ingest("x.txt", sample("new_people.txt"))
    outlet = result.article.outlet
    assert (outlet.slug, outlet.ownership) == ("unidentified-outlet", "unknown")


def test_slugs_stay_unique(directory):
    DraftArticleFactory(slug="caspian-energy-council-names-new-chair")
    result = ingest("x.txt", sample("new_people.txt"))
    assert result.article.slug == "caspian-energy-council-names-new-chair-2"


def test_a_rewrite_is_linked_to_the_story_it_copies(directory, editor):
    original = ingest("000.txt", seed("000_65deec5dc040f274.txt"), user=editor)
    copy = ingest("copy.txt", sample("spun_copy_of_000.txt"), user=editor)
    assert copy.article.duplicate_of == original.article
    assert copy.article.created_by == editor
    note = copy.article.notes.get().body
    assert "Near-duplicate of “Azerbaijan Rejects Washington Meeting" in note
    assert f"/admin/articles/article/{copy.article.pk}/compare/" in note


def test_the_publication_date_from_the_text_is_kept(directory):
    result = ingest("dated.txt", sample("dated_report.txt"))
    assert result.article.published_at.isoformat() == "2024-03-12T12:00:00+00:00"
