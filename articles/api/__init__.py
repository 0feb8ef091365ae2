"""The REST API: viewsets, serializers, the story FilterSet (shared with the site),
ninjs and story ETags."""
