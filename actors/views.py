"""Public pages for the actors and events the desk covers."""

from django.views.generic import DetailView, ListView

from .models import Actor, Event


class ActorListView(ListView):
    model = Actor
    paginate_by = 50


class ActorDetailView(DetailView):
    def get_queryset(self):
        return Actor.objects.prefetch_related("aliases", "affiliations__organization")


class EventListView(ListView):
    model = Event
    paginate_by = 50


class EventDetailView(DetailView):
    def get_queryset(self):
        return Event.objects.prefetch_related("participations__actor")
