"""Pages of stories whose count is not taken again for every anonymous client.

A list's page costs the same at any archive size: its ids are read first along the
list's index, then those stories with their outlets (`ListingPaginator`; joined in
one query, SQLite sorted all 80,000 stories outlet by outlet). Its count does
not: 80,000 published stories were most of an anonymous list's time. The whole
list's count is the tallies' (`tallies.published_stories`). What a filtered list
shows changes only with a public change, so its counts are kept until the next one
(`articles/site/cache.py`), keyed by the count's own SQL; the desk, whose lists
include drafts, is always counted afresh.
"""

import functools
import hashlib

from django.utils.functional import cached_property

from newsdesk.drf import PageNumberPagination, StrictFilterBackend

from .. import tallies
from ..models import is_desk
from ..site.listing import ListingPaginator, cached_count


class PublicCountPaginator(ListingPaginator):
    @cached_property
    def count(self):
        sql, params = self.object_list.order_by().query.sql_with_params()
        key = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        return cached_count(f"api:{key}", self.object_list)()


def _unfiltered(request, view) -> bool:
    """Whether the list is every story the asker may see: no filter, no order."""
    return set(request.query_params) <= StrictFilterBackend.shaping(view)


class ArticlePagination(PageNumberPagination):
    def paginate_queryset(self, queryset, request, view=None):
        # The filters chose the page's ids; its stories are read by id through the
        # view's list before filtering (what the asker may see), not filtered again.
        rows = view.get_queryset() if view is not None else None
        if is_desk(request.user):
            paginator = functools.partial(ListingPaginator, rows=rows)
        elif _unfiltered(request, view):
            # Every published story: the tallies count them, kept by the services.
            paginator = functools.partial(
                ListingPaginator, rows=rows, total=tallies.published_stories
            )
        else:
            paginator = functools.partial(PublicCountPaginator, rows=rows)
        self.django_paginator_class = paginator
        return super().paginate_queryset(queryset, request, view)
