import datetime

import pytest
from django.core.cache import cache, caches

from actors.models import Affiliation, Participation
from articles.models import Mention, Quote
from tests.factories import (
    ActorFactory,
    AliasFactory,
    EditorialNoteFactory,
    EventFactory,
    FlagFactory,
    PublishedArticleFactory,
    TopicFactory,
    UserFactory,
)


@pytest.fixture
def reporter(db):
    return UserFactory(username="reporter", group="Reporter")


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", group="Editor")


@pytest.fixture
def desk_chief(db):
    return UserFactory(username="deskchief", group="Desk chief")


@pytest.fixture
def one_of_each(db):
    """A row of every desk model, linked as in real coverage."""
    person = ActorFactory(name="James O'Brien", slug="james-obrien")
    state = ActorFactory(
        name="Government of Azerbaijan", slug="azerbaijan", kind="state"
    )
    AliasFactory(actor=state, text="Baku")
    Affiliation.objects.create(
        person=person,
        organization=state,
        title="Adviser",
        start_date=datetime.date(2020, 1, 1),
    )
    event = EventFactory(title="Washington meeting", status="cancelled")
    Participation.objects.create(event=event, actor=state)
    article = PublishedArticleFactory()
    article.topics.add(TopicFactory())
    article.events.add(event)
    Mention.objects.create(article=article, actor=state, start=0, end=4, text="Baku")
    Quote.objects.create(article=article, speaker=state, start=0, end=4, text="Baku")
    FlagFactory(article=article)
    EditorialNoteFactory(article=article)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: pages cached by another test's data
    (its database rolled back, its site version with it) must not be served,
    nor another test's requests counted against this one's rate limits."""
    cache.clear()
    caches["counters"].clear()
    yield
