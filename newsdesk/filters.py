"""Filters every API resource shares: what changed in a window of time.

Imports nothing from the apps, so `actors` can use it too.
"""

import django_filters as filters
from django.utils.translation import gettext_lazy as _


def changed_between(field_name="updated_at", *, what=""):
    """`updated_after` and `updated_before` (ISO 8601 date-times, both strict)."""
    return (
        filters.IsoDateTimeFilter(
            field_name=field_name,
            lookup_expr="gt",
            label=_("Changed after (ISO 8601 date-time)") + what,
        ),
        filters.IsoDateTimeFilter(
            field_name=field_name,
            lookup_expr="lt",
            label=_("Changed before (ISO 8601 date-time)") + what,
        ),
    )
