"""The public pages served by articles.site.views: home, topics, stories, outlets, search."""

import datetime
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import server_error

from articles.models import Article, EditorialNote, Flag, Quote
from tests.factories import (
    ActorFactory,
    DraftArticleFactory,
    EventFactory,
    OutletFactory,
    PublishedArticleFactory,
    TopicFactory,
)
from tests.public_content import dressed_story

pytestmark = pytest.mark.django_db


def html_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def on(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


# Home ------------------------------------------------------------------------


def test_home_lists_published_stories_only(client):
    published = PublishedArticleFactory(headline="Baku declines Washington meeting")
    hidden = [
        DraftArticleFactory(headline=f"Hidden {status} story", status=status)
        for status in set(Article.Status) - {Article.Status.PUBLISHED}
    ]
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert published.headline in html
    assert published.get_absolute_url() in html
    for article in hidden:
        assert article.headline not in html


def test_home_shows_type_of_work_and_ownership(client):
    PublishedArticleFactory(
        genre=Article.Genre.OPINION, outlet__ownership="state_affiliated"
    )
    html = client.get(reverse("home")).content.decode()
    assert "Opinion" in html
    assert "State-affiliated" in html


def test_home_escapes_headlines(client):
    PublishedArticleFactory(headline="<script>alert(1)</script>")
    html = client.get(reverse("home")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_home_shows_topics_with_published_story_counts(client):
    topic = TopicFactory(name="Section 907")
    for story in PublishedArticleFactory.create_batch(2):
        story.topics.add(topic)
    DraftArticleFactory().topics.add(topic)
    response = client.get(reverse("home"))
    assert [t.story_count for t in response.context["topics"]] == [2]
    assert "2 stories" in response.content.decode()


def test_home_shows_recent_and_upcoming_events(client):
    today = timezone.localdate()
    past = EventFactory(title="Border clashes", date=today - datetime.timedelta(9))
    ahead = EventFactory(
        title="Ministers to meet",
        date=today + datetime.timedelta(9),
        status="scheduled",
    )
    response = client.get(reverse("home"))
    assert list(response.context["recent_events"]) == [past]
    assert list(response.context["upcoming_events"]) == [ahead]
    html = response.content.decode()
    assert past.get_absolute_url() in html
    assert "Scheduled" in html


# Topics ----------------------------------------------------------------------


@pytest.fixture
def topic():
    return TopicFactory(slug="peace-process", name="Peace process")


def topic_stories(client, topic, **params):
    response = client.get(topic.get_absolute_url(), params)
    assert response.status_code == 200
    return response, list(response.context["stories"])


def test_topic_list_counts_published_stories(client, topic):
    PublishedArticleFactory().topics.add(topic)
    DraftArticleFactory().topics.add(topic)
    response = client.get(reverse("articles:topics"))
    assert [t.story_count for t in response.context["object_list"]] == [1]


def test_topic_page_lists_its_published_stories_newest_first(client, topic):
    old = PublishedArticleFactory(published_at=on(2022, 9, 27))
    new = PublishedArticleFactory(published_at=on(2024, 10, 8))
    for story in (old, new):
        story.topics.add(topic)
    PublishedArticleFactory()  # another topic's story
    DraftArticleFactory().topics.add(topic)
    _response, stories = topic_stories(client, topic)
    assert stories == [new, old]


def test_topic_page_of_an_unknown_topic_is_not_found(client):
    assert client.get("/topics/atlantis/").status_code == 404


def test_topic_page_filters_by_genre(client, topic):
    opinion = PublishedArticleFactory(genre=Article.Genre.OPINION)
    reporting = PublishedArticleFactory(genre=Article.Genre.REPORTING)
    for story in (opinion, reporting):
        story.topics.add(topic)
    assert topic_stories(client, topic, genre="opinion")[1] == [opinion]


def test_topic_page_filters_by_outlet(client, topic):
    turan = PublishedArticleFactory(outlet__slug="turan")
    other = PublishedArticleFactory()
    for story in (turan, other):
        story.topics.add(topic)
    assert topic_stories(client, topic, outlet="turan")[1] == [turan]


def test_topic_page_filters_by_actor_mentioned(client, topic):
    actor = ActorFactory(slug="ilham-aliyev")
    event = EventFactory()
    naming = dressed_story(topic=topic, event=event, actor=actor)
    PublishedArticleFactory().topics.add(topic)
    response, stories = topic_stories(client, topic, actor="ilham-aliyev")
    assert stories == [naming]
    assert '<option value="ilham-aliyev" selected>' in response.content.decode()


def test_topic_page_filters_by_date_range(client, topic):
    stories = [
        PublishedArticleFactory(published_at=on(2022, 9, 27)),
        PublishedArticleFactory(published_at=on(2023, 11, 17)),
        PublishedArticleFactory(published_at=on(2024, 12, 6)),
    ]
    for story in stories:
        story.topics.add(topic)
    _r, found = topic_stories(
        client, topic, published_after="2023-01-01", published_before="2023-12-31"
    )
    assert found == [stories[1]]


def test_topic_page_shows_a_bad_filter_value_beside_its_field(client, topic):
    PublishedArticleFactory().topics.add(topic)
    response, stories = topic_stories(client, topic, outlet="nowhere")
    assert stories == []
    html = response.content.decode()
    assert "Unknown outlet “nowhere”." in html
    assert 'id="id_outlet_error"' in html


def test_topic_page_ignores_filters_it_does_not_offer(client, topic):
    """`status` is a desk-only filter: it cannot widen the page beyond published()."""
    published = PublishedArticleFactory()
    draft = DraftArticleFactory()
    for story in (published, draft):
        story.topics.add(topic)
    assert topic_stories(client, topic, status="draft")[1] == [published]


def test_topic_page_offers_only_the_outlets_and_actors_of_its_published_stories(
    client, topic
):
    event = EventFactory()
    dressed_story(topic=topic, event=event, actor=ActorFactory(name="Ilham Aliyev"))
    dressed_story(
        topic=topic,
        event=event,
        actor=ActorFactory(name="Draft-only actor"),
        factory=DraftArticleFactory,
        outlet__name="Draft-only outlet",
    )
    html = topic_stories(client, topic)[0].content.decode()
    assert "Ilham Aliyev" in html
    assert "Draft-only actor" not in html
    assert "Draft-only outlet" not in html


def test_topic_page_is_paginated_and_keeps_filters_across_pages(client, topic):
    for story in PublishedArticleFactory.create_batch(25, genre=Article.Genre.OPINION):
        story.topics.add(topic)
    PublishedArticleFactory(genre=Article.Genre.REPORTING).topics.add(topic)
    response, first = topic_stories(client, topic, genre="opinion")
    assert len(first) == 20
    assert response.context["paginator"].count == 25
    html = response.content.decode()
    assert 'href="?genre=opinion&amp;page=2"' in html
    _response, second = topic_stories(client, topic, genre="opinion", page=2)
    assert len(second) == 5
    assert {story.genre for story in first + second} == {"opinion"}


def test_topic_page_shows_the_genre_and_outlet_mix(client, topic):
    turan = OutletFactory(name="Turan", ownership="independent")
    for genre in ("reporting", "reporting", "opinion"):
        PublishedArticleFactory(genre=genre, outlet=turan).topics.add(topic)
    PublishedArticleFactory(genre="analysis", outlet__name="AzerNews").topics.add(topic)
    response = client.get(topic.get_absolute_url())
    panels = response.context["panels"]
    mix = {s.key: (s.count, s.percent) for s in panels.genre_mix}
    assert mix == {"reporting": (2, 50), "opinion": (1, 25), "analysis": (1, 25)}
    outlets = [(row["name"], row["count"]) for row in panels.outlet_mix]
    assert outlets == [("Turan", 3), ("AzerNews", 1)]
    html = response.content.decode()
    assert 'class="share-bar"' in html
    assert "Reporting: 2" in html


def test_topic_page_names_its_ten_busiest_outlets_and_sums_up_the_rest(client, topic):
    for number in range(12):
        outlet = OutletFactory(name=f"Outlet {number:02}")
        for _ in range(1 if number >= 10 else 2):
            PublishedArticleFactory(outlet=outlet).topics.add(topic)
    response = client.get(topic.get_absolute_url())
    named = [row["name"] for row in response.context["panels"].outlet_mix]
    assert named == [f"Outlet {number:02}" for number in range(10)]
    assert "and 2 stories from other outlets." in response.content.decode()
    (outlet_field,) = [
        field
        for field in response.context["panels"].filter_fields
        if field.name == "outlet"
    ]
    offered = [value for value, _label in outlet_field.field.widget.choices]
    assert len(offered) == 13  # "Any outlet" and all twelve: fewer than fifty


def test_topic_page_draws_its_events_on_a_timeline_with_cancellations(client, topic):
    met = EventFactory(title="Talks in Granada", date=datetime.date(2023, 10, 5))
    called_off = EventFactory(
        title="Washington meeting", date=datetime.date(2023, 11, 20), status="cancelled"
    )
    topic.events.add(met, called_off)
    html = client.get(topic.get_absolute_url()).content.decode()
    svg = html[
        html.index('<svg class="timeline"') : html.index(
            "</svg>", html.index('<svg class="timeline"')
        )
    ]
    assert svg.index("Talks in Granada") < svg.index("Washington meeting")
    assert 'class="tl-event tl-cancelled"' in svg
    assert "20 November 2023 · Cancelled" in svg
    assert met.get_absolute_url() in svg
    assert "style=" not in svg


def test_topic_page_links_its_feed(client, topic):
    html = client.get(topic.get_absolute_url()).content.decode()
    assert f'href="/topics/{topic.slug}/feed/"' in html


# Stories ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "status",
    sorted(set(Article.Status) - {Article.Status.PUBLISHED, Article.Status.WITHDRAWN}),
)
def test_unpublished_story_page_is_not_found(client, status):
    article = DraftArticleFactory(status=status)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_published_story_page_answers(client):
    article = PublishedArticleFactory()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert article.headline in response.content.decode()


def test_withdrawn_story_is_a_tombstone_with_its_reason(client):
    article = PublishedArticleFactory(
        status=Article.Status.WITHDRAWN,
        body="The secret body text.",
        withdrawal_reason="The quotes could not be verified.",
    )
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert article.headline in html
    assert "The quotes could not be verified." in html
    assert "The secret body text." not in html
    assert "application/ld+json" not in html
    assert article.headline not in client.get(reverse("home")).content.decode()


@pytest.fixture
def story():
    topic = TopicFactory(name="Peace process")
    event = EventFactory(title="Foreign ministers' meeting", status="cancelled")
    actor = ActorFactory(name="Ilham Aliyev", slug="ilham-aliyev")
    return dressed_story(
        topic=topic,
        event=event,
        actor=actor,
        headline="Azerbaijan rejects Washington meeting",
        dek="Baku called off the talks.",
        byline="Sabina Mammadli",
        genre=Article.Genre.REPORTING,
        outlet__name="AzerNews",
        outlet__ownership="state_affiliated",
        outlet__ownership_notes="Its editorial line follows the government's.",
        published_at=on(2023, 11, 17),
    )


def test_story_page_shows_headline_dek_byline_outlet_and_dates(client, story):
    html = html_of(client, story.get_absolute_url())
    for text in (
        story.headline,
        "Baku called off the talks.",
        "Sabina Mammadli",
        "AzerNews",
        'datetime="2023-11-17T12:00:00+00:00"',
        "17 November 2023",
        "Updated",  # the desk's notes came after publication
    ):
        assert text in html


def test_story_page_explains_the_type_of_work(client, story):
    html = html_of(client, story.get_absolute_url())
    assert "Type of work: Reporting" in html
    assert "without the writer&#x27;s opinion" in html
    assert 'href="/labels/#genre-reporting"' in html


def test_story_page_shows_the_ownership_label_and_the_note_behind_it(client, story):
    html = html_of(client, story.get_absolute_url())
    assert "State-affiliated" in html
    assert "Its editorial line follows the government&#x27;s." in html
    assert "<details>" in html


def test_story_page_shows_confirmed_flags_in_place_with_kind_and_reason(client, story):
    html = html_of(client, story.get_absolute_url())
    assert '<mark class="flag flag-loaded_language">so-called</mark>' in html
    assert "Loaded language" in html
    assert "Dismissive wording in the reporter&#x27;s voice." in html
    assert "Confirmed: the offer&#x27;s name is the outlet&#x27;s judgment." in html
    assert 'href="#flag-1"' in html and 'id="flag-1"' in html
    # Suggested and dismissed flags are the desk's business, not the reader's.
    assert "Suggested flag reason" not in html
    assert "Dismissed flag reason" not in html
    assert html.count("<mark") == 1


def test_story_page_escapes_the_body_around_flags(client):
    body = "<b>Bold</b> claim & so-called <i>truth</i>."
    story = PublishedArticleFactory(body=body)
    start = body.index("so-called")
    Flag.objects.create(
        article=story,
        start=start,
        end=start + 9,
        text="so-called",
        kind=Flag.Kind.LOADED_LANGUAGE,
        state=Flag.State.CONFIRMED,
        decided_at=timezone.now(),
        reason="<script>x</script>",
    )
    html = html_of(client, story.get_absolute_url())
    assert "&lt;b&gt;Bold&lt;/b&gt; claim &amp; <mark" in html
    assert "<script>x</script>" not in html


def test_story_page_shows_public_notes_never_internal_ones(client, story):
    html = html_of(client, story.get_absolute_url())
    assert "Editor&#x27;s note" in html
    assert "The outlet follows a government&#x27;s line." in html
    assert "Internal: check Baku." not in html


def test_story_page_shows_which_words_a_correction_changed(client, story):
    start = story.body.index("Yerevan")
    EditorialNote.objects.create(
        article=story,
        kind=EditorialNote.Kind.CORRECTION,
        body="An earlier version named the wrong capital.",
        passage_start=start,
        passage_end=start + len("Yerevan"),
        previous_text="Tbilisi",
    )
    quote = Quote.objects.get(article=story)
    EditorialNote.objects.create(
        article=story,
        kind=EditorialNote.Kind.CLARIFICATION,
        body="The quote is from a written statement.",
        quote=quote,
    )
    html = html_of(client, story.get_absolute_url())
    assert "<del>Tbilisi</del>" in html
    assert "<ins>Yerevan</ins>" in html
    assert "About the quote by" in html and "<q>talks would resume</q>" in html


def test_story_page_links_actors_quotes_and_events(client, story):
    html = html_of(client, story.get_absolute_url())
    assert 'href="/actors/ilham-aliyev/"' in html
    assert "<blockquote><p>talks would resume</p></blockquote>" in html
    event = story.events.get()
    assert event.get_absolute_url() in html
    assert "Cancelled" in html


def test_story_page_shows_other_outlets_coverage_of_the_same_event(client, story):
    event = story.events.get()
    elsewhere = PublishedArticleFactory(
        headline="Turan on the meeting", outlet__name="Turan", genre="opinion"
    )
    elsewhere.events.add(event)
    same_outlet = PublishedArticleFactory(
        headline="AzerNews again", outlet=story.outlet
    )
    same_outlet.events.add(event)
    unrelated = PublishedArticleFactory(headline="Unrelated story")
    response = client.get(story.get_absolute_url())
    assert list(response.context["other_coverage"]) == [elsewhere]
    html = response.content.decode()
    assert "Turan on the meeting" in html
    assert "Opinion" in html
    assert same_outlet.headline not in html
    assert unrelated.headline not in html


# Outlets ---------------------------------------------------------------------


def test_outlet_list_shows_ownership_and_published_counts(client):
    outlet = OutletFactory(name="AzerNews", ownership="state_affiliated")
    PublishedArticleFactory(outlet=outlet)
    DraftArticleFactory(outlet=outlet)
    response = client.get(reverse("articles:outlets"))
    assert [o.story_count for o in response.context["object_list"]] == [1]
    assert "State-affiliated" in response.content.decode()


def test_outlet_page_shows_ownership_why_its_stories_and_genre_mix(client):
    outlet = OutletFactory(
        name="Turan",
        ownership="independent",
        ownership_notes="A privately owned agency in Baku.",
    )
    for genre in ("reporting", "reporting", "analysis"):
        PublishedArticleFactory(outlet=outlet, genre=genre)
    DraftArticleFactory(outlet=outlet, headline="Turan draft")
    response = client.get(outlet.get_absolute_url())
    html = response.content.decode()
    assert "Independent" in html
    assert "A privately owned agency in Baku." in html
    assert response.context["page_obj"].paginator.count == 3
    assert "Turan draft" not in html
    assert [(s.key, s.count) for s in response.context["genre_mix"]] == [
        ("reporting", 2),
        ("analysis", 1),
    ]
    assert '<rect class="fill-genre-reporting"' in html


# Search ----------------------------------------------------------------------


def test_search_finds_published_stories_by_headline_dek_body_and_byline(client):
    headline = PublishedArticleFactory(headline="Granada talks without Aliyev")
    dek = PublishedArticleFactory(dek="Aliyev stayed away from Granada.")
    body = PublishedArticleFactory(body="In Granada, the leaders met without Aliyev.")
    byline = PublishedArticleFactory(byline="Granada Aliyev Correspondent")
    PublishedArticleFactory(headline="Nothing to see")
    DraftArticleFactory(headline="Granada Aliyev draft")
    response = client.get(reverse("articles:search"), {"q": "Granada Aliyev"})
    found = list(response.context["stories"])
    assert set(found) == {headline, dek, body, byline}
    assert found[0] == headline  # headline matches rank first
    assert "4 published stories match" in response.content.decode()


def test_search_without_words_shows_only_the_form(client):
    PublishedArticleFactory()
    response = client.get(reverse("articles:search"), {"q": "   "})
    assert response.status_code == 200
    assert list(response.context["stories"]) == []
    assert "match" not in response.content.decode()


# Labels, errors, robots ---------------------------------------------------------


def test_labels_page_defines_every_public_label(client):
    html = html_of(client, reverse("articles:labels"))
    for anchor in (
        "genre-reporting",
        "genre-opinion",
        "genre-analysis",
        "genre-statement",
        "genre-aggregated",
        "ownership-state_affiliated",
        "ownership-party_advocacy",
        "flag-loaded_language",
        "note-correction",
    ):
        assert f'id="{anchor}"' in html


def test_unknown_page_answers_with_the_sites_own_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "/static/css/site.css" in html


def test_server_error_page_is_the_sites_own(db):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_pages_carry_no_inline_styles_or_scripts(client, story):
    """The Content Security Policy blocks them: only ld+json data may be inline."""
    for url in (reverse("home"), story.get_absolute_url()):
        html = html_of(client, url)
        assert " style=" not in html
        scripts = re.findall(r"<script([^>]*)>", html)
        assert all('type="application/ld+json"' in attrs for attrs in scripts)


def test_actor_page_shows_what_they_said_in_the_latest_stories_quoting_them(client):
    speaker = ActorFactory(name="Nikol Pashinyan")
    now = timezone.now()
    stories = [
        PublishedArticleFactory(published_at=now - datetime.timedelta(days=days))
        for days in range(22)
    ]
    for story in stories:
        Quote.objects.create(article=story, speaker=speaker, start=0, end=4,
                             text=f"said {story.pk}")  # fmt: skip
    draft = DraftArticleFactory()
    Quote.objects.create(article=draft, speaker=speaker, start=0, end=4,
                         text="an unpublished quote")  # fmt: skip

    response = client.get(speaker.get_absolute_url())

    shown = [quote.article_id for quote in response.context["quotes"]]
    assert shown == [story.pk for story in stories[:20]]  # newest first
    html = response.content.decode()
    assert "Quoted in 22 published stories; what they said in the latest 20." in html
    assert "an unpublished quote" not in html
