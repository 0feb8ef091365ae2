"""The desk's admin site: Django's own, with the day's work on its index page."""

from django.contrib import admin


class NewsdeskAdminSite(admin.AdminSite):
    site_header = "Newsdesk"
    site_title = "Newsdesk admin"
    index_title = "Desk"
    index_template = "admin/newsdesk_index.html"

    def index(self, request, extra_context=None):
        from articles import desk  # the site is built before apps load
        from articles.models import Article, is_desk

        extra_context = extra_context or {}
        user = request.user
        if is_desk(user):
            extra_context["review_queue"] = Article.objects.review_queue_counts()
        if user.has_perm("articles.add_article"):
            extra_context["my_counts"], extra_context["my_stories"] = desk.my_stories(
                user
            )
        if user.has_perm("articles.review_article"):
            extra_context["in_review"] = desk.review_queue()
        if user.has_perm("articles.withdraw_article"):
            extra_context["recent_decisions"] = desk.recent_decisions()
        return super().index(request, extra_context)
