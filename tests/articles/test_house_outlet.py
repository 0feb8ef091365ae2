"""The desk's own stories have an outlet, and a story without a slug gets one."""

import pytest
from django.test import override_settings
from django.urls import reverse

from articles import services
from articles.ingest import desk_load, ingest_data
from articles.models import Article, Outlet
from tests.admin_forms import form_values
from tests.factories import DraftArticleFactory, OutletFactory

pytestmark = pytest.mark.django_db


def test_a_story_written_without_an_outlet_is_the_desks_own(reporter):
    article = services.article_create(
        article=Article(headline="Ceasefire holds", body="Quiet night."),
        user=reporter,
    )
    assert article.outlet.slug == "newsdesk"
    assert article.outlet.name == "Newsdesk"
    assert article.outlet.ownership == Outlet.Ownership.INDEPENDENT
    assert "independent" in article.outlet.ownership_notes.lower()
    assert article.slug == "ceasefire-holds"


def test_the_house_outlet_is_one_record(reporter):
    first = services.outlet_house()
    second = services.outlet_house()
    assert first.pk == second.pk
    assert Outlet.objects.filter(slug="newsdesk").count() == 1


@override_settings(
    NEWSDESK_HOUSE_OUTLET={"slug": "the-desk", "name": "The Desk",
                           "ownership": "independent", "ownership_notes": "Ours."}
)  # fmt: skip
def test_the_house_outlet_comes_from_settings(reporter):
    article = services.article_create(
        article=Article(headline="A", body="B."), user=reporter
    )
    assert (article.outlet.slug, article.outlet.name) == ("the-desk", "The Desk")


def test_a_chosen_outlet_is_kept(reporter):
    outlet = OutletFactory()
    article = services.article_create(
        article=Article(headline="A", body="B.", outlet=outlet), user=reporter
    )
    assert article.outlet == outlet


def test_slugs_made_from_headlines_are_unique(reporter):
    DraftArticleFactory(slug="talks-resume")
    DraftArticleFactory(slug="talks-resume-2")
    article = services.article_create(
        article=Article(headline="Talks resume!", body="B."), user=reporter
    )
    assert article.slug == "talks-resume-3"
    assert services.article_unique_slug("   ") == "story"


def test_admin_add_form_offers_the_house_outlet_and_fills_the_slug(client, reporter):
    client.force_login(reporter)
    url = reverse("admin:articles_article_add")
    data = form_values(client.get(url).content.decode())
    house = Outlet.objects.get(slug="newsdesk")
    assert data["outlet"] == [str(house.pk)]
    data.update(headline=["Border crossing reopens"], body=["It reopened."],
                slug=[""], language=["en"])  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(headline="Border crossing reopens")
    assert article.slug == "border-crossing-reopens"
    assert article.outlet == house
    assert article.created_by == reporter


def test_admin_add_form_without_an_outlet_uses_the_house_outlet(client, reporter):
    client.force_login(reporter)
    url = reverse("admin:articles_article_add")
    data = form_values(client.get(url).content.decode())
    data.update(headline=["No outlet"], body=["Text."], slug=[""], outlet=[""],
                language=["en"])  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert Article.objects.get(headline="No outlet").outlet.slug == "newsdesk"


def test_ingest_still_files_unknown_publishers_as_unidentified(reporter):
    result = ingest_data(
        name="x.txt",
        data="Talks resume\n\nThe talks resumed on Monday, officials said.",
        desk=desk_load(),
        user=reporter,
    )
    assert result.status == "created", result.error
    assert result.article.outlet.slug == "unidentified-outlet"
