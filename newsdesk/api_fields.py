"""Slug handling shared by the API's viewsets and serializers.

A slug that cannot exist (NUL bytes, spaces, odd characters) is answered as not
found before it reaches the database: PostgreSQL refuses NUL bytes in text with an
error, which would otherwise surface as a 500. Imports nothing from the apps, so
`actors` can use it too.
"""

from django.core.validators import slug_re
from rest_framework import exceptions, serializers


def is_slug(value):
    return isinstance(value, str) and bool(slug_re.fullmatch(value))


class SlugLookupMixin:
    """Viewsets looked up by slug: an impossible slug is a JSON 404."""

    lookup_field = "slug"
    # Any path segment reaches the view, so an odd one answers JSON, not an HTML page.
    lookup_value_regex = "[^/]+"

    def get_object(self):
        if not is_slug(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)):
            raise exceptions.NotFound()
        return super().get_object()


class SlugField(serializers.SlugRelatedField):
    """A related row named by its slug; an impossible slug is an ordinary 400."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not is_slug(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:50])
        return super().to_internal_value(data)
