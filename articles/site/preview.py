"""The desk's preview: any story drawn exactly as readers will see it once published.

Only the desk (`is_desk`) gets it; anyone else gets 404, as for an unpublished
story at its public URL. It is never cached or indexed: `Cache-Control: private,
no-store`, `X-Robots-Tag: noindex` and a robots meta tag.
"""

from django.http import Http404
from django.utils import timezone

from ..models import Article, is_desk
from .views import StoryDetailView


class StoryPreviewView(StoryDetailView):
    preview = True

    def dispatch(self, request, *args, **kwargs):
        if not is_desk(request.user):
            raise Http404("No story here.")
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def stories(self):
        return Article.objects.all()

    def get_object(self, queryset=None):
        story = super().get_object(queryset)
        self.status = story.status
        self.status_display = story.get_status_display()
        if story.status != Article.Status.WITHDRAWN:  # readers get its tombstone
            # Drawn as published, in memory only: this view never saves.
            story.status = Article.Status.PUBLISHED
            story.published_at = story.published_at or timezone.now()
        return story

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            preview=True,
            preview_status=self.status_display,
            preview_published=self.status == Article.Status.PUBLISHED,
            **kwargs,
        )
