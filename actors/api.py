"""API viewsets for actors and events: anyone reads, the desk chief writes."""

from django.db.models import Prefetch
from rest_framework import permissions, viewsets

from newsdesk.api_fields import SlugLookupMixin
from newsdesk.filters import ChangedBetweenFilterSet

from .models import Actor, Affiliation, Event, Participation
from .serializers import ActorSerializer, EventSerializer


class ActorFilter(ChangedBetweenFilterSet):
    class Meta:
        model = Actor
        fields = ["kind", "country"]


class EventFilter(ChangedBetweenFilterSet):
    class Meta:
        model = Event
        fields = ["kind", "status"]


class ActorViewSet(SlugLookupMixin, viewsets.ModelViewSet):
    serializer_class = ActorSerializer
    permission_classes = [permissions.DjangoModelPermissionsOrAnonReadOnly]
    filterset_class = ActorFilter

    def get_queryset(self):
        affiliations = Affiliation.objects.select_related("organization")
        return Actor.objects.prefetch_related(
            "aliases", Prefetch("affiliations", queryset=affiliations)
        )


class EventViewSet(SlugLookupMixin, viewsets.ModelViewSet):
    serializer_class = EventSerializer
    permission_classes = [permissions.DjangoModelPermissionsOrAnonReadOnly]
    filterset_class = EventFilter

    def get_queryset(self):
        participations = Participation.objects.select_related("actor")
        return Event.objects.prefetch_related(
            Prefetch("participations", queryset=participations)
        )
