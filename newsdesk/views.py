"""Site-wide pages that belong to no app."""

from django.views.generic import TemplateView


class RobotsView(TemplateView):
    """robots.txt: crawl the public pages, not admin, the API or search results."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"
