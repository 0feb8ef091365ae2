"""Public pages for the actors and events the desk covers, as the directory sees them.

This app never imports `articles`: the detail pages here show who an actor is and
what an event was; `articles.site.views` extends them with the coverage.
"""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView

from .models import Actor, Affiliation, Event, Participation


class ActorListView(ListView):
    paginate_by = 50

    def get_queryset(self):
        actors = Actor.objects.all()
        if self.kind:
            actors = actors.filter(kind=self.kind)
        return actors

    def get(self, request, *args, **kwargs):
        kind = request.GET.get("kind", "")
        self.kind = kind if kind in Actor.Kind.values else ""
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kind=self.kind, kinds=Actor.Kind.choices, **kwargs
        )


class DirectoryDetailView(DetailView):
    """A directory row's page, whose directory part is read only when drawn.

    `directory` is the row with `directory_prefetches()` done on first use: the
    template keeps what it draws from it in the cache by the directory's version
    (`directory_version`, a context processor), so a reader after a change to the
    coverage reads none of it again.
    """

    def directory_prefetches(self):
        return ()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            directory=SimpleLazyObject(self.with_directory), **kwargs
        )

    def with_directory(self):
        prefetch_related_objects([self.object], *self.directory_prefetches())
        return self.object


class ActorDetailView(DirectoryDetailView):
    model = Actor

    def directory_prefetches(self):
        return (
            "aliases",
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.select_related("organization"),
            ),
            Prefetch(
                "members",
                queryset=Affiliation.objects.select_related("person").order_by(
                    "person__name"
                ),
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("event").order_by(
                    "-event__date", "event__title"
                ),
            ),
        )


class EventListView(ListView):
    model = Event
    paginate_by = 50


class EventDetailView(DirectoryDetailView):
    model = Event

    def directory_prefetches(self):
        return (
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("actor"),
            ),
        )
