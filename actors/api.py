"""API viewsets for actors and events: anyone reads, the desk chief writes."""

from django.db.models import Prefetch
from rest_framework import permissions, viewsets

from .models import Actor, Affiliation, Event, Participation
from .serializers import ActorSerializer, EventSerializer

# Any path segment reaches the view, so an odd slug answers a JSON 404, not an HTML one.
ANY_SLUG = "[^/]+"


class ActorViewSet(viewsets.ModelViewSet):
    serializer_class = ActorSerializer
    lookup_field = "slug"
    lookup_value_regex = ANY_SLUG
    permission_classes = [permissions.DjangoModelPermissionsOrAnonReadOnly]
    filterset_fields = ["kind", "country"]

    def get_queryset(self):
        affiliations = Affiliation.objects.select_related("organization")
        return Actor.objects.prefetch_related(
            "aliases", Prefetch("affiliations", queryset=affiliations)
        )


class EventViewSet(viewsets.ModelViewSet):
    serializer_class = EventSerializer
    lookup_field = "slug"
    lookup_value_regex = ANY_SLUG
    permission_classes = [permissions.DjangoModelPermissionsOrAnonReadOnly]
    filterset_fields = ["kind", "status"]

    def get_queryset(self):
        participations = Participation.objects.select_related("actor")
        return Event.objects.prefetch_related(
            Prefetch("participations", queryset=participations)
        )
