"""Pages of stories whose count is not taken again for every anonymous client.

A list's page costs the same at any archive size: its ids are read first along the
list's index, then those stories with their outlets (`ListingPaginator`; joined in
one query, SQLite sorted all 80,000 stories outlet by outlet). Its count does
not: 80,000 published stories were most of an anonymous list's time. What an
anonymous client may see changes only with a public change, so its counts are
kept until the next one (`articles/site/cache.py`), keyed by the count's own SQL;
the desk, whose lists include drafts, is always counted afresh.
"""

import functools
import hashlib

from django.utils.functional import cached_property

from newsdesk.drf import PageNumberPagination

from ..models import is_desk
from ..site.listing import ListingPaginator, cached_count


class PublicCountPaginator(ListingPaginator):
    @cached_property
    def count(self):
        sql, params = self.object_list.order_by().query.sql_with_params()
        key = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        return cached_count(f"api:{key}", self.object_list)()


class ArticlePagination(PageNumberPagination):
    def paginate_queryset(self, queryset, request, view=None):
        paginator = ListingPaginator if is_desk(request.user) else PublicCountPaginator
        # The filters chose the page's ids; its stories are read by id through the
        # view's list before filtering (what the asker may see), not filtered again.
        rows = view.get_queryset() if view is not None else None
        self.django_paginator_class = functools.partial(paginator, rows=rows)
        return super().paginate_queryset(queryset, request, view)
