"""Factories named by the state they build: DraftArticleFactory, PublishedArticleFactory..."""

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from actors.models import Actor, Alias, Event
from articles.models import Article, EditorialNote, Flag, Outlet, Topic


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")
    is_staff = True

    @factory.post_generation
    def group(user, create, name, **kwargs):
        if create and name:
            user.groups.add(Group.objects.get(name=name))


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor {n}")
    slug = factory.Sequence(lambda n: f"actor-{n}")
    kind = Actor.Kind.PERSON


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alias

    actor = factory.SubFactory(ActorFactory)
    text = factory.Sequence(lambda n: f"Alias {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    # In the past, always: an event dated today would be upcoming (`Event.objects.upcoming`).
    date = factory.Faker("date_between", start_date="-20y", end_date="-1d")


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.Sequence(lambda n: f"outlet-{n}")
    ownership = Outlet.Ownership.INDEPENDENT


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class DraftArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    headline = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    body = "Baku said on Monday that talks would resume.\n\nYerevan welcomed the news."
    outlet = factory.SubFactory(OutletFactory)
    status = Article.Status.DRAFT


class InReviewArticleFactory(DraftArticleFactory):
    status = Article.Status.IN_REVIEW
    genre = Article.Genre.REPORTING
    genre_confirmed_at = factory.LazyFunction(timezone.now)


class PublishedArticleFactory(InReviewArticleFactory):
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flag

    article = factory.SubFactory(DraftArticleFactory)
    start = 0
    end = 4
    text = factory.LazyAttribute(lambda flag: flag.article.body[flag.start : flag.end])
    kind = Flag.Kind.LOADED_LANGUAGE
    reason = "A test flag."


class EditorialNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EditorialNote

    article = factory.SubFactory(PublishedArticleFactory)
    kind = EditorialNote.Kind.EDITORS_NOTE
    body = "An editor's note."
