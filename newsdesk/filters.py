"""Filters every API resource shares: what changed in a window of time.

Imports nothing from the apps, so `actors` can use it too.
"""

import datetime

import django_filters as filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, moved to UTC before it reaches the database.

    Python takes zone offsets up to ±24 hours, PostgreSQL only to ±15:59, and
    refused `?updated_after=…+20:30` with an error the API reported as the database
    being down. In UTC every offset is the same instant; one that would move the
    time out of the calendar (year 1 east of Greenwich) is invalid input.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return value
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError:
            raise ValidationError(
                _("Enter a date-time between the years 1 and 9999 in UTC."),
                code="invalid",
            ) from None


class UTCDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


def changed_between(field_name="updated_at", *, what=""):
    """`updated_after` and `updated_before` (ISO 8601 date-times, both strict)."""
    return (
        UTCDateTimeFilter(
            field_name=field_name,
            lookup_expr="gt",
            label=_("Changed after (ISO 8601 date-time)") + what,
        ),
        UTCDateTimeFilter(
            field_name=field_name,
            lookup_expr="lt",
            label=_("Changed before (ISO 8601 date-time)") + what,
        ),
    )


class ChangedBetweenFilterSet(filters.FilterSet):
    """A resource's FilterSet, with `updated_after` and `updated_before` on its rows."""

    updated_after, updated_before = changed_between()
