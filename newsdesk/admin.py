"""The desk's admin site: Django's own, with the review queue on its index page."""

from django.contrib import admin


class NewsdeskAdminSite(admin.AdminSite):
    site_header = "Newsdesk"
    site_title = "Newsdesk admin"
    index_title = "Desk"
    index_template = "admin/newsdesk_index.html"

    def index(self, request, extra_context=None):
        from articles.models import (  # the site is built before apps load
            Article,
            is_desk,
        )

        extra_context = extra_context or {}
        if is_desk(request.user):
            extra_context["review_queue"] = Article.objects.review_queue_counts()
        return super().index(request, extra_context)
