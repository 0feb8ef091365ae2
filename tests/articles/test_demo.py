"""The demo content and its loader (articles/devtools/demo.py, `load_demo`)."""

import datetime
import shutil
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from actors.models import Actor, Alias, Event
from articles import services
from articles.devtools.demo import (
    DEMO_ACCOUNTS,
    DemoError,
    demo_accounts_create,
    demo_load,
)
from articles.models import Article, EditorialNote, Flag, Mention, Quote, Topic

pytestmark = pytest.mark.django_db

DEMO_DIR = settings.BASE_DIR / "fixtures" / "demo"
SEEDS_DIR = settings.BASE_DIR / "fixtures" / "seeds"

# seed file -> (article slug, first and last line of the story in the seed, 1-based)
SEEDS = {
    "000_65deec5dc040f274.txt": (
        "azerbaijan-rejects-washington-meeting-with-armenia",
        2,
        7,
    ),
    "001_0136c8d1c3c00aa5.txt": (
        "washington-reaffirms-support-for-armenia-azerbaijan-talks",
        3,
        39,
    ),
    "002_016c10ce82b5f83f.txt": (
        "azerbaijan-us-eye-bilateral-ties-amid-armenian-lobby-moves",
        3,
        22,
    ),
    "003_8e4d10b2d15ce027.txt": (
        "us-says-it-values-bilateral-relationship-with-azerbaijan",
        3,
        9,
    ),
    "004_a024e19ec12b4c45.txt": (
        "azerbaijan-turns-down-us-mediation-in-talks-with-armenia",
        1,
        7,
    ),
}
SPUN_COPY = "washington-reaffirms-support-for-armenia-azerbaijan-talks"
TURAN = "us-says-it-values-bilateral-relationship-with-azerbaijan"


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo content, loaded once per test class and rolled back after it.

    Each test still runs in its own savepoint inside this transaction, so a test
    that changes the content does not leak into the next one.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_load()
        transaction.set_rollback(True)


@pytest.fixture
def demo_copy(tmp_path):
    """A writable copy of the demo data, for tests that break or change it."""
    target = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, target)
    return target


def _edit(directory, old, new):
    toml = directory / "desk.toml"
    text = toml.read_text(encoding="utf-8")
    assert old in text
    toml.write_text(text.replace(old, new, 1), encoding="utf-8")


def _snapshot():
    """Every row of both apps, history tables included, as serialized text."""
    models = [
        *apps.get_app_config("actors").get_models(),
        *apps.get_app_config("articles").get_models(),
    ]
    return {
        model._meta.label: serializers.serialize("json", model.objects.order_by("pk"))
        for model in models
    }


def _seed_lines(seed):
    return (SEEDS_DIR / seed).read_text(encoding="utf-8").split("\n")


# Loading into an empty database ----------------------------------------------


def test_first_load_creates_and_reports_every_row():
    counts = demo_load()
    assert counts["articles"] == {"created": 5, "updated": 0, "unchanged": 0}
    assert counts["mentions"]["created"] == Mention.objects.count()
    assert counts["flags"]["created"] == Flag.objects.count()


def test_dry_run_writes_nothing():
    counts = demo_load(dry_run=True)
    assert counts["articles"]["created"] == 5
    assert not Article.objects.exists()
    assert not Actor.objects.exists()


# A bad fixture fails loudly ----------------------------------------------------


def test_text_missing_from_the_body_stops_the_load(demo_copy):
    """The error names the article and the text, and nothing is written."""
    _edit(demo_copy, 'text = "harmony track"', 'text = "peace track"')
    with pytest.raises(DemoError, match=f"{SPUN_COPY}.*peace track.*not in the body"):
        demo_load(path=demo_copy)
    assert not Article.objects.exists()
    assert not Actor.objects.exists()


def test_ambiguous_text_must_say_which_occurrence(demo_copy):
    _edit(demo_copy, 'text = "so-called"', 'text = "Macron"')
    with pytest.raises(DemoError, match="'Macron'.*occurs 3 times"):
        demo_load(path=demo_copy)


def test_unknown_key_is_refused(demo_copy):
    _edit(demo_copy, 'genre = "reporting"', 'genr = "reporting"')
    with pytest.raises(DemoError, match=r"missing \['genre'\], unknown \['genr'\]"):
        demo_load(path=demo_copy)


def test_unknown_choice_is_refused(demo_copy):
    _edit(demo_copy, 'status = "cancelled"', 'status = "called_off"')
    with pytest.raises(DemoError, match="'called_off' is not one of"):
        demo_load(path=demo_copy)


# Command and accounts ----------------------------------------------------------


def test_command_with_accounts_creates_the_role_users(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", "--with-accounts", stdout=out)
    User = get_user_model()
    for username, password, group in DEMO_ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.check_password(password)
        assert username in out.getvalue() and password in out.getvalue()
    assert Article.objects.count() == 5


def test_command_refuses_accounts_without_debug(settings):
    """The refusal comes before anything is written."""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", "--with-accounts", stdout=StringIO())
    assert not get_user_model().objects.exists()
    assert not Article.objects.exists()


def test_command_without_accounts_loads_quietly_at_verbosity_zero(settings):
    settings.DEBUG = False
    out = StringIO()
    call_command("load_demo", verbosity=0, stdout=out)
    assert out.getvalue() == ""
    assert Article.objects.count() == 5
    assert not get_user_model().objects.exists()


def test_accounts_keep_a_password_changed_after_creation(settings):
    settings.DEBUG = True
    demo_accounts_create()
    user = get_user_model().objects.get(username="editor")
    user.set_password("changed-by-the-editor")
    user.save()
    demo_accounts_create()
    user.refresh_from_db()
    assert user.check_password("changed-by-the-editor")


# The loaded content: each class loads it once ------------------------------------


@pytest.mark.usefixtures("demo")
class TestReload:
    """Loading again is a no-op, and what the desk decided in the app stays."""

    def test_second_load_changes_nothing(self):
        """Rows, values, primary keys and history are identical after a second load."""
        before = _snapshot()
        counts = demo_load()
        assert _snapshot() == before
        assert all(t["created"] == t["updated"] == 0 for t in counts.values())

    def test_changed_data_updates_in_place_and_raises_the_version(self, demo_copy):
        article = Article.objects.get(slug=TURAN)
        _edit(demo_copy, 'outlet = "turan"', 'outlet = "turan"\nbyline = "TURAN"')

        counts = demo_load(path=demo_copy)

        updated = Article.objects.get(slug=TURAN)
        assert counts["articles"] == {"created": 0, "updated": 1, "unchanged": 4}
        assert (updated.pk, updated.byline) == (article.pk, "TURAN")
        assert updated.version == article.version + 1

    def test_workflow_decisions_survive_a_reload(self, editor):
        """Status, genre and flag decisions taken in the app are not reset."""
        article = Article.objects.get(slug=SPUN_COPY)
        for flag in article.flags.filter(state=Flag.State.SUGGESTED):
            services.flag_decide(
                flag=flag, state=Flag.State.DISMISSED, user=editor, reason="No."
            )
        services.article_confirm_genre(
            article=article, genre=Article.Genre.AGGREGATED, user=editor
        )
        services.article_transition(article=article, action="publish", user=editor)

        demo_load()

        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED
        assert article.genre_confirmed_by == editor
        assert not article.flags.filter(state=Flag.State.SUGGESTED).exists()


@pytest.mark.usefixtures("demo")
class TestSpans:
    """Mentions, quotes and flags point at the exact text in the body."""

    def test_every_span_is_the_text_at_its_offsets(self):
        spans = [*Mention.objects.all(), *Quote.objects.all(), *Flag.objects.all()]
        assert len(spans) > 100
        for span in spans:
            assert span.article.body[span.start : span.end] == span.text, span

    def test_mentions_record_the_alias_they_went_by(self):
        misspelt = Mention.objects.filter(article__slug=SPUN_COPY, text="O’Brian")
        assert misspelt.count() == 2
        assert {(m.actor.slug, m.alias.text) for m in misspelt} == {
            ("james-obrien", "O’Brian")
        }
        by_name = Mention.objects.filter(text="Ilham Aliyev")
        assert by_name.exists()
        assert not by_name.filter(alias__isnull=False).exists()

    @pytest.mark.parametrize(
        ("slug", "government", "places"),
        [
            ("azerbaijan-rejects-washington-meeting-with-armenia", 0, 3),
            (SPUN_COPY, 2, 1),
            (TURAN, 1, 1),
            ("azerbaijan-turns-down-us-mediation-in-talks-with-armenia", 1, 0),
        ],
    )
    def test_washington_is_the_government_only_where_it_means_it(
        self, slug, government, places
    ):
        """'A meeting in Washington' is the city; only the metonyms are mentions."""
        article = Article.objects.get(slug=slug)
        mentions = article.mentions.filter(text="Washington")
        assert mentions.count() == government
        assert {m.actor.slug for m in mentions} <= {"united-states"}
        assert article.body.count("Washington") == government + places

    def test_washington_correspondent_is_not_the_government(self):
        article = Article.objects.get(slug=TURAN)
        place = article.body.index("Washington correspondent")
        assert not article.mentions.filter(start=place).exists()

    def test_quotes_of_one_statement_can_be_compared_across_articles(self):
        quotes = Quote.objects.filter(
            speaker__slug="james-obrien",
            event__slug="hfac-hearing-nagorno-karabakh-2023",
        )
        assert {q.article.slug for q in quotes} == {
            "azerbaijan-rejects-washington-meeting-with-armenia",
            SPUN_COPY,
        }
        assert any("peace track" in q.text for q in quotes)
        assert any("harmony track" in q.text for q in quotes)


@pytest.mark.usefixtures("demo")
class TestDirectory:
    """Actors, aliases, events and topics."""

    def test_directory_has_enough_to_browse(self):
        assert Topic.objects.count() >= 4
        assert Actor.objects.count() >= 25
        assert Event.objects.count() >= 8
        assert all(topic.description for topic in Topic.objects.all())
        assert Topic.objects.filter(events__isnull=False).distinct().count() >= 4

    @pytest.mark.parametrize(
        ("text", "actor", "kind"),
        [
            ("O'Brian", "james-obrien", Alias.Kind.SPELLING),
            ("O’Brian", "james-obrien", Alias.Kind.SPELLING),
            ("O’Brien", "james-obrien", Alias.Kind.SPELLING),
            ("Pashinian", "nikol-pashinyan", Alias.Kind.TRANSLITERATION),
            ("Baku", "azerbaijan", Alias.Kind.METONYM),
            ("Yerevan", "armenia", Alias.Kind.METONYM),
            ("Washington", "united-states", Alias.Kind.METONYM),
            ("Kremlin", "russia", Alias.Kind.METONYM),
            ("Moscow", "russia", Alias.Kind.METONYM),
            ("Turkiye", "turkey", Alias.Kind.SPELLING),
            ("ANCA", "anca", Alias.Kind.ABBREVIATION),
            ("USAID", "usaid", Alias.Kind.ABBREVIATION),
            ("APA", "apa", Alias.Kind.ABBREVIATION),
            ("OSCE", "osce", Alias.Kind.ABBREVIATION),
        ],
    )
    def test_aliases_point_at_the_right_actor(self, text, actor, kind):
        alias = Alias.objects.get(text=text)
        assert (alias.actor.slug, alias.kind) == (actor, kind)

    def test_cancelled_washington_meeting_keeps_its_date(self):
        event = Event.objects.get(
            slug="washington-foreign-ministers-meeting-2023-11-20"
        )
        assert event.status == Event.Status.CANCELLED
        assert event.date == datetime.date(2023, 11, 20)
        assert event.date_precision == Event.Precision.DAY
        assert event.participations.filter(actor__slug="united-states").exists()

    def test_events_end_after_they_start(self):
        for event in Event.objects.exclude(end_date=None):
            assert event.end_date >= event.date, event


@pytest.mark.usefixtures("demo")
class TestBodies:
    """Cleaned bodies: junk out, every sentence of the story in, verbatim."""

    @pytest.mark.parametrize(
        "junk",
        [
            "Comments",
            "Leave a review",
            "subscribe",
            "Follow us",
            "@AzerNewsAz",
            "---",
            "8 October 2024, 20:34",
            "Politics\n",
            "By Sabina Mammadli",
            "Original Source",
            "[PHOTO]",
        ],
    )
    def test_bodies_carry_no_junk(self, junk):
        for article in Article.objects.all():
            assert junk not in article.body, article.slug

    def test_bodies_do_not_repeat_the_headline(self):
        for article in Article.objects.all():
            assert article.headline not in article.body, article.slug

    def test_bodies_are_paragraphs_separated_by_blank_lines(self):
        for article in Article.objects.all():
            paragraphs = article.body.split("\n\n")
            assert all(p and p == p.strip() and "\n" not in p for p in paragraphs)

    @pytest.mark.parametrize("seed", SEEDS)
    def test_bodies_keep_the_story_verbatim(self, seed):
        """Each paragraph is one line of the seed's story: all of them, in order."""
        slug, first, last = SEEDS[seed]
        story = [line for line in _seed_lines(seed)[first - 1 : last] if line.strip()]
        assert Article.objects.get(slug=slug).body.split("\n\n") == story

    def test_machine_rewritten_errors_are_kept_as_evidence(self):
        body = Article.objects.get(slug=SPUN_COPY).body
        for garble in ("harmony track", "Nothing will be typical", "O’Brian"):
            assert garble in body

    def test_headlines_bylines_and_sources_come_from_the_text(self):
        first = {seed: _seed_lines(seed)[0] for seed in SEEDS}
        article = {seed: Article.objects.get(slug=s) for seed, (s, *_) in SEEDS.items()}
        for seed in list(SEEDS)[:4]:
            assert first[seed].startswith(article[seed].headline)
        azernews = article["002_016c10ce82b5f83f.txt"]
        assert first["002_016c10ce82b5f83f.txt"] == f"{azernews.headline} [PHOTO]"
        assert azernews.byline == "Sabina Mammadli"
        assert azernews.outlet.ownership == azernews.outlet.Ownership.STATE_AFFILIATED
        assert article["003_8e4d10b2d15ce027.txt"].outlet.domain == "turan.az"
        rewrite = article["004_a024e19ec12b4c45.txt"]
        assert rewrite.headline not in "\n".join(
            _seed_lines("004_a024e19ec12b4c45.txt")
        )
        assert rewrite.original_url == "https://www.commonspace.eu/"
        assert rewrite.notes.filter(
            kind=EditorialNote.Kind.INTERNAL, body__contains="written by the desk"
        ).exists()


@pytest.mark.usefixtures("demo")
class TestWorkflowState:
    """Four stories published, one in review with work left for the desk."""

    def test_exactly_the_expected_articles_are_published(self):
        published = set(Article.objects.published().values_list("slug", flat=True))
        assert published == {slug for slug, *_ in SEEDS.values()} - {SPUN_COPY}
        assert Article.objects.get(slug=SPUN_COPY).status == Article.Status.IN_REVIEW

    def test_published_articles_meet_the_publishing_rules(self):
        for article in Article.objects.published():
            assert article.published_at is not None
            assert article.genre_confirmed_at is not None
            assert not article.flags.filter(state=Flag.State.SUGGESTED).exists()

    def test_article_in_review_leaves_work_for_the_desk(self):
        article = Article.objects.get(slug=SPUN_COPY)
        assert article.genre_confirmed_at is None
        assert article.flags.filter(state=Flag.State.SUGGESTED).count() >= 2
        assert article.flags.filter(kind=Flag.Kind.ALTERED_QUOTE).exists()

    def test_flags_are_decided_exactly_when_not_suggested(self):
        for flag in Flag.objects.all():
            assert flag.reason
            assert (flag.decided_at is None) == (flag.state == Flag.State.SUGGESTED)
            assert bool(flag.decision_reason) == (flag.state != Flag.State.SUGGESTED)

    def test_expected_flags_are_in_place(self):
        flags = set(Flag.objects.values_list("article__slug", "kind", "text"))
        azernews = "azerbaijan-us-eye-bilateral-ties-amid-armenian-lobby-moves"
        assert (
            "azerbaijan-rejects-washington-meeting-with-armenia",
            Flag.Kind.OPINION_IN_REPORTING,
            "And of course, Azerbaijan’s ongoing occupation and Armenophobia towards "
            "all ethnic Armenians in the region and abroad.",
        ) in flags
        assert (azernews, Flag.Kind.LOADED_LANGUAGE, "so-called") in flags
        assert (azernews, Flag.Kind.LOADED_LANGUAGE, "made-up") in flags
        assert (SPUN_COPY, Flag.Kind.ALTERED_QUOTE, "harmony track") in flags

    def test_notes_explain_the_desk_work(self):
        for article in Article.objects.all():
            assert article.notes.filter(kind=EditorialNote.Kind.INTERNAL).exists()
        public = EditorialNote.objects.filter(kind__in=EditorialNote.PUBLIC_KINDS)
        assert public.filter(article__outlet__slug="azernews").exists()
        assert public.filter(article__slug=SPUN_COPY).exists()


def test_a_reload_that_changes_a_storys_flag_is_seen_by_the_next_reader(
    client, demo_copy
):
    """The story's page is kept by its version: the reload raises it (review)."""
    old, new = "The report ends on a judgment in the writer", "A reloaded reason"
    demo_load(path=demo_copy)
    story = Article.objects.get(
        slug="azerbaijan-rejects-washington-meeting-with-armenia"
    )
    assert old in client.get(story.get_absolute_url()).content.decode()
    _edit(demo_copy, old, new)

    demo_load(path=demo_copy)

    page = client.get(story.get_absolute_url())
    assert page["X-Cache"] == "miss"  # the reload is a public change
    assert new in page.content.decode()
    assert Article.objects.get(pk=story.pk).version == story.version + 1
