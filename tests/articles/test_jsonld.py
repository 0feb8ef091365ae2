"""schema.org JSON-LD on story pages: @type by genre, safe escaping, notes."""

import json
import re

import pytest
from django.utils import timezone

from articles.models import Article, EditorialNote
from articles.site.jsonld import jsonld_script
from tests.factories import (
    ActorFactory,
    EventFactory,
    PublishedArticleFactory,
    TopicFactory,
)
from tests.public_content import dressed_story

pytestmark = pytest.mark.django_db

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def structured_data(client, story):
    html = client.get(story.get_absolute_url()).content.decode()
    blocks = LD_JSON.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.mark.parametrize(
    ("genre", "schema_type"),
    [
        (Article.Genre.REPORTING, ["NewsArticle", "ReportageNewsArticle"]),
        (Article.Genre.ANALYSIS, ["NewsArticle", "AnalysisNewsArticle"]),
        (Article.Genre.OPINION, ["NewsArticle", "OpinionNewsArticle"]),
        (Article.Genre.STATEMENT, "NewsArticle"),
        (Article.Genre.AGGREGATED, "NewsArticle"),
        (Article.Genre.UNCLASSIFIED, "NewsArticle"),
    ],
)
def test_type_follows_the_genre(client, genre, schema_type):
    # A confirmed genre is never unclassified; such a story predates the rule.
    confirmed = None if genre == Article.Genre.UNCLASSIFIED else timezone.now()
    story = PublishedArticleFactory(genre=genre, genre_confirmed_at=confirmed)
    data = structured_data(client, story)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type
    assert data["genre"] == Article.Genre(genre).label


def test_aggregated_story_is_based_on_its_original(client):
    story = PublishedArticleFactory(
        genre=Article.Genre.AGGREGATED, original_url="https://www.commonspace.eu/"
    )
    assert structured_data(client, story)["isBasedOn"] == "https://www.commonspace.eu/"
    reporting = PublishedArticleFactory(original_url="https://turan.az/story")
    assert "isBasedOn" not in structured_data(client, reporting)


def test_headline_dates_author_and_publisher(client):
    story = PublishedArticleFactory(
        headline="Azerbaijan rejects Washington meeting",
        byline="Sabina Mammadli",
        outlet__name="AzerNews",
        outlet__domain="azernews.az",
        outlet__ownership="state_affiliated",
        outlet__ownership_notes="Follows the government's line.",
    )
    data = structured_data(client, story)
    url = f"http://testserver{story.get_absolute_url()}"
    assert data["url"] == url
    assert data["@id"] == story.tag_uri
    assert data["headline"] == "Azerbaijan rejects Washington meeting"
    assert data["datePublished"] == story.published_at.isoformat()
    assert data["dateModified"] >= data["datePublished"]
    assert data["datePublished"].endswith("+00:00")
    assert data["author"] == [{"@type": "Person", "name": "Sabina Mammadli"}]
    publisher = data["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher["name"] == "AzerNews"
    assert publisher["sameAs"] == "https://azernews.az/"
    assert publisher["ownershipFundingInfo"] == (
        "State-affiliated. Follows the government's line."
    )


def test_story_without_byline_is_authored_by_its_outlet(client):
    story = PublishedArticleFactory(byline="", outlet__name="Turan")
    assert structured_data(client, story)["author"] == [
        {
            "@type": "Organization",
            "name": "Turan",
            "url": f"http://testserver{story.outlet.get_absolute_url()}",
        }
    ]


def test_about_holds_events_and_topics_mentions_holds_actors(client):
    topic = TopicFactory(name="Peace process")
    event = EventFactory(title="Washington meeting", status="cancelled")
    actor = ActorFactory(name="Azerbaijan", kind="state", wikidata_id="Q227")
    story = dressed_story(topic=topic, event=event, actor=actor)
    data = structured_data(client, story)
    about = {(item["@type"], item["name"]) for item in data["about"]}
    assert about == {("Event", "Washington meeting"), ("Thing", "Peace process")}
    event_data = next(item for item in data["about"] if item["@type"] == "Event")
    assert event_data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["mentions"] == [
        {
            "@type": "Country",
            "name": "Azerbaijan",
            "url": f"http://testserver{actor.get_absolute_url()}",
            "sameAs": "https://www.wikidata.org/wiki/Q227",
        }
    ]


def test_public_notes_become_corrections_and_backstory_internal_ones_never(client):
    story = dressed_story(
        topic=TopicFactory(), event=EventFactory(), actor=ActorFactory()
    )
    EditorialNote.objects.create(
        article=story, kind=EditorialNote.Kind.CORRECTION, body="Wrong date fixed."
    )
    EditorialNote.objects.create(
        article=story, kind=EditorialNote.Kind.CLARIFICATION, body="Context added."
    )
    data = structured_data(client, story)
    assert [(c["@type"], c["name"], c["text"]) for c in data["correction"]] == [
        ("CorrectionComment", "Correction", "Wrong date fixed."),
        ("CorrectionComment", "Clarification", "Context added."),
    ]
    assert all(c["datePublished"] for c in data["correction"])
    assert data["backstory"] == "The outlet follows a government's line."
    assert "Internal: check Baku." not in json.dumps(data)


def test_a_headline_cannot_break_out_of_the_script_element(client):
    headline = "Talks </script><script>alert(1)</script> & <!-- resume"
    story = PublishedArticleFactory(headline=headline)
    html = client.get(story.get_absolute_url()).content.decode()
    block = LD_JSON.search(html).group(1)
    assert "</script" not in block.lower()
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["headline"] == headline


def test_jsonld_script_escapes_line_separators():
    script = jsonld_script({"text": "a\u2028b"})
    assert "\u2028" not in script
    assert script.startswith('<script type="application/ld+json">')
