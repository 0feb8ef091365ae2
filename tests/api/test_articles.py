"""The articles API: what each client sees, filters, workflow actions and safe writes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import services
from articles.models import Article, EditorialNote, Flag, Mention, Quote
from tests.factories import (
    ActorFactory,
    DraftArticleFactory,
    EditorialNoteFactory,
    EventFactory,
    FlagFactory,
    InReviewArticleFactory,
    OutletFactory,
    PublishedArticleFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"


def detail(article):
    return f"/api/v1/articles/{article.slug}/"


def test_anonymous_list_shows_published_stories_only(api):
    published = PublishedArticleFactory()
    for status in sorted(set(Article.Status) - {Article.Status.PUBLISHED}):
        DraftArticleFactory(status=status)
    response = api.get(LIST)
    assert response.status_code == 200
    assert response.data["count"] == 1
    assert [row["slug"] for row in response.data["results"]] == [published.slug]
    assert set(response.data) == {"count", "next", "previous", "results"}


def test_the_whole_lists_count_is_the_tallies_and_follows_the_workflow(
    api, editor, desk_chief
):
    """No client counts the archive: the unfiltered list reads the outlets' tallies."""
    first, second = PublishedArticleFactory.create_batch(2)
    waiting = InReviewArticleFactory()
    with CaptureQueriesContext(connection) as reads:
        assert api.get(LIST, {"page_size": 1}).data["count"] == 2
    assert not [q for q in reads if 'COUNT(*) AS "__count" FROM "articles_article"'
                in q["sql"]]  # fmt: skip

    services.article_transition(article=waiting, action="publish", user=editor)
    assert api.get(LIST).data["count"] == 3
    services.article_transition(
        article=first, action="withdraw", user=desk_chief, reason="Legal advice."
    )
    whole = api.get(LIST, {"include": "body"}).data
    assert whole["count"] == 2 == len(whole["results"])
    assert api.get(LIST, {"outlet": second.outlet.slug}).data["count"] == 1


def test_list_is_light_unless_the_body_is_asked_for(api):
    PublishedArticleFactory()
    assert "body" not in api.get(LIST).data["results"][0]
    assert "body" in api.get(LIST, {"include": "body"}).data["results"][0]


def test_list_carries_labels(api):
    PublishedArticleFactory(
        genre=Article.Genre.OPINION,
        outlet__ownership="state_affiliated",
        outlet__slug="azernews",
    )
    row = api.get(LIST).data["results"][0]
    assert row["genre"] == "opinion"
    assert row["genre_label"] == "Opinion"
    assert row["outlet"] == {
        "slug": "azernews",
        "name": row["outlet"]["name"],
        "ownership": "state_affiliated",
        "ownership_label": "State-affiliated",
    }


def test_detail_is_usable_without_further_calls(api):
    article = PublishedArticleFactory(body="Baku said no. Yerevan agreed.")
    aliyev = ActorFactory(slug="government-of-azerbaijan", kind="state")
    Mention.objects.create(article=article, actor=aliyev, start=0, end=4, text="Baku")
    Quote.objects.create(
        article=article, speaker=aliyev, start=5, end=13, text="said no."
    )
    event = EventFactory(slug="washington-meeting")
    article.events.add(event)
    article.topics.add(TopicFactory(slug="peace-process"))
    FlagFactory(article=article, start=14, end=21, state=Flag.State.CONFIRMED,
                decided_at=article.published_at, decision_reason="Metonym")  # fmt: skip
    FlagFactory(article=article, start=0, end=4)  # suggested: not for readers
    EditorialNoteFactory(
        article=article, kind=EditorialNote.Kind.CORRECTION, body="Fixed."
    )
    EditorialNoteFactory(
        article=article, kind=EditorialNote.Kind.INTERNAL, body="Secret."
    )

    response = api.get(detail(article))
    data = response.data
    assert response.headers["ETag"].startswith(f'"{article.version}-')
    assert data["body"] == article.body
    assert data["topics"] == ["peace-process"]
    assert [actor["slug"] for actor in data["actors"]] == ["government-of-azerbaijan"]
    assert data["mentions"] == [
        {"actor": "government-of-azerbaijan", "start": 0, "end": 4, "text": "Baku",
         "review": "suggested"}
    ]  # fmt: skip
    assert data["quotes"][0]["speaker"]["slug"] == "government-of-azerbaijan"
    assert data["events"][0]["slug"] == "washington-meeting"
    assert [(flag["start"], flag["end"]) for flag in data["flags"]] == [(14, 21)]
    assert [note["body"] for note in data["notes"]] == ["Fixed."]


@pytest.mark.parametrize("status", ["draft", "in_review", "spiked"])
def test_unpublished_story_is_not_found_for_anonymous_clients(
    api, as_user, editor, status
):
    article = DraftArticleFactory(status=status)
    assert api.get(detail(article)).status_code == 404
    assert as_user(editor).get(detail(article)).status_code == 200


def test_desk_sees_every_flag_and_internal_note(as_user, editor):
    article = InReviewArticleFactory()
    FlagFactory(article=article)
    EditorialNoteFactory(
        article=article, kind=EditorialNote.Kind.INTERNAL, body="Check."
    )
    data = as_user(editor).get(detail(article)).data
    assert [flag["state"] for flag in data["flags"]] == ["suggested"]
    assert [note["body"] for note in data["notes"]] == ["Check."]


def test_filters_combine(api):
    topic = TopicFactory(slug="section-907")
    actor = ActorFactory(slug="ilham-aliyev")
    match = PublishedArticleFactory(genre=Article.Genre.ANALYSIS, body="Aliyev spoke.")
    match.topics.add(topic)
    Mention.objects.create(article=match, actor=actor, start=0, end=6, text="Aliyev")
    PublishedArticleFactory(genre=Article.Genre.ANALYSIS).topics.add(topic)
    response = api.get(LIST, {"topic": "section-907", "actor": "ilham-aliyev,ilham-aliyev",
                              "genre": "analysis,opinion"})  # fmt: skip
    assert [row["slug"] for row in response.data["results"]] == [match.slug]


def test_unknown_filter_value_is_a_400_naming_it(api):
    response = api.get(LIST, {"outlet": "no-such-outlet"})
    assert response.status_code == 400
    assert "no-such-outlet" in str(response.data["outlet"])


def test_page_size_is_capped(api):
    PublishedArticleFactory.create_batch(3)
    response = api.get(LIST, {"page_size": 1000})
    assert response.status_code == 200
    assert len(response.data["results"]) == 3
    assert api.get(LIST, {"page_size": 2}).data["next"] is not None


def test_list_and_detail_queries_do_not_grow(api, django_assert_max_num_queries):
    articles = PublishedArticleFactory.create_batch(25)
    for article in articles:
        article.topics.add(TopicFactory())
        FlagFactory(
            article=article, state=Flag.State.CONFIRMED, decided_at=article.published_at
        )
    # The count, the page's ids along the index, those stories, their topics.
    with django_assert_max_num_queries(5):
        assert api.get(LIST, {"page_size": 25, "include": "body"}).status_code == 200
    with django_assert_max_num_queries(9):
        assert api.get(detail(articles[0])).status_code == 200


def test_token_for_a_demo_account(api, editor):
    response = api.post("/api/v1/auth/token/",
                        {"username": "editor", "password": "correct horse battery staple"})  # fmt: skip
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.data['token']}")
    draft = DraftArticleFactory()
    assert api.get(detail(draft)).status_code == 200


def test_wrong_password_gets_no_token(api, editor):
    response = api.post(
        "/api/v1/auth/token/", {"username": "editor", "password": "nope"}
    )
    assert response.status_code == 400
    assert "token" not in response.data


def test_editor_publishes_through_the_api(as_user, editor):
    article = InReviewArticleFactory(genre_confirmed_at=None)
    client = as_user(editor)
    refused = client.post(f"{detail(article)}transition/", {"action": "publish"})
    assert refused.status_code == 409
    assert "genre" in refused.data["detail"]
    confirmed = client.post(f"{detail(article)}confirm-genre/", {"genre": "reporting"})
    assert confirmed.status_code == 200
    published = client.post(f"{detail(article)}transition/", {"action": "publish"})
    assert published.status_code == 200
    assert published.data["status"] == "published"
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


@pytest.mark.parametrize(
    ("role", "action", "expected"),
    [
        ("reporter", "publish", 403),
        ("reporter", "spike", 403),
        ("editor", "publish", 200),
        ("editor", "withdraw", 403),  # a desk chief's step
        ("desk_chief", "withdraw", 409),  # allowed, but the story is not published
        ("desk_chief", "send_back", 409),  # needs a reason
    ],
)
def test_transition_permissions(request, as_user, role, action, expected):
    article = InReviewArticleFactory()
    response = as_user(request.getfixturevalue(role)).post(
        f"{detail(article)}transition/", {"action": action}
    )
    assert response.status_code == expected
    assert ("detail" in response.data) == (expected != 200)


def test_anonymous_cannot_write(api):
    article = InReviewArticleFactory()
    assert (
        api.post(f"{detail(article)}transition/", {"action": "publish"}).status_code
        == 401
    )
    assert api.post(LIST, {"headline": "x"}).status_code == 401


def test_invalid_transition_payload_is_a_400(as_user, editor):
    article = InReviewArticleFactory()
    response = as_user(editor).post(
        f"{detail(article)}transition/", {"action": "explode"}
    )
    assert response.status_code == 400
    assert "action" in response.data


def test_reporter_creates_a_draft(as_user, reporter):
    outlet = OutletFactory(slug="turan")
    response = as_user(reporter).post(
        LIST,
        {"slug": "new-story", "headline": "New story", "body": "One.\r\n\r\nTwo.",
         "outlet": "turan", "genre": "reporting"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.data
    article = Article.objects.get(slug="new-story")
    assert article.status == Article.Status.DRAFT
    assert article.created_by == reporter
    assert article.outlet == outlet
    assert article.body == "One.\n\nTwo."
    assert article.genre_confirmed_at is None


def test_invalid_payload_answers_field_errors(as_user, reporter):
    response = as_user(reporter).post(
        LIST, {"headline": "", "outlet": "nowhere"}, format="json"
    )
    assert response.status_code == 400
    assert {"headline", "outlet", "body"} <= set(response.data)
    assert "slug" not in response.data  # made from the headline when left out


def test_a_draft_without_outlet_or_slug_is_the_desks_own(as_user, reporter):
    response = as_user(reporter).post(
        LIST, {"headline": "Talks resume in Geneva", "body": "One."}, format="json"
    )
    assert response.status_code == 201, response.data
    article = Article.objects.get(headline="Talks resume in Geneva")
    assert article.slug == "talks-resume-in-geneva"
    assert article.outlet.slug == "newsdesk"
    assert article.outlet.ownership == "independent"


def test_update_needs_if_match_and_refuses_a_stale_version(as_user, editor):
    article = InReviewArticleFactory(headline="Old")
    client = as_user(editor)
    etag = client.get(detail(article)).headers["ETag"]

    missing = client.patch(detail(article), {"headline": "New"}, format="json")
    assert missing.status_code == 428

    ok = client.patch(
        detail(article), {"headline": "New"}, format="json", HTTP_IF_MATCH=etag
    )
    assert ok.status_code == 200, ok.data
    assert ok.headers["ETag"] != etag

    stale = client.patch(detail(article), {"headline": "Newer"}, format="json",
                         HTTP_IF_MATCH=etag)  # fmt: skip
    assert stale.status_code == 412
    assert "changed this story" in stale.data["detail"]
    article.refresh_from_db()
    assert article.headline == "New"


def test_update_cannot_publish_by_writing_status(as_user, editor):
    article = InReviewArticleFactory()
    client = as_user(editor)
    etag = client.get(detail(article)).headers["ETag"]
    client.patch(
        detail(article), {"status": "published"}, format="json", HTTP_IF_MATCH=etag
    )
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_reporter_cannot_edit_someone_elses_story(as_user, reporter, editor):
    article = DraftArticleFactory(created_by=editor)
    client = as_user(reporter)
    etag = client.get(detail(article)).headers["ETag"]
    response = client.patch(detail(article), {"headline": "Mine now"}, format="json",
                            HTTP_IF_MATCH=etag)  # fmt: skip
    assert response.status_code == 403


def test_delete_is_not_offered(as_user, desk_chief):
    article = DraftArticleFactory()
    assert as_user(desk_chief).delete(detail(article)).status_code == 405


def test_docs_page_is_served_from_local_files(client):
    response = client.get(reverse("api-docs"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "drf_spectacular_sidecar" in html
    assert "cdn" not in html.lower()


@pytest.mark.parametrize("slug", ["bad%00slug", "two words", "dot.ted"])
def test_impossible_slug_is_a_json_404(api, slug):
    response = api.get(f"/api/v1/articles/{slug}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_nul_bytes_in_a_payload_are_a_400_not_a_crash(as_user, reporter):
    OutletFactory(slug="turan")
    response = as_user(reporter).post(
        LIST,
        {"slug": "s", "headline": "H", "body": "B", "outlet": "tur\u0000an",
         "topics": ["a\u0000b"], "dek": "nul\u0000"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert {"outlet", "topics", "dek"} <= set(response.data)
