"""Public pages. Every story listing starts from Article.objects.published()."""

from django.db.models import Count, Prefetch, Q
from django.views.generic import DetailView, ListView

from .models import Article, EditorialNote, Outlet, Topic


class HomeView(ListView):
    template_name = "home.html"
    context_object_name = "stories"

    def get_queryset(self):
        return Article.objects.published().for_listing()[:20]


class TopicListView(ListView):
    def get_queryset(self):
        published = Q(articles__status=Article.Status.PUBLISHED)
        return Topic.objects.annotate(story_count=Count("articles", filter=published))


class TopicDetailView(DetailView):
    model = Topic

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stories"] = (
            Article.objects.published().for_listing().filter(topics=self.object)
        )
        return context


class StoryDetailView(DetailView):
    context_object_name = "story"
    template_name = "articles/story_detail.html"

    def get_queryset(self):
        public_notes = EditorialNote.objects.filter(kind__in=EditorialNote.PUBLIC_KINDS)
        return (
            Article.objects.on_record()
            .select_related("outlet")
            .prefetch_related("topics", Prefetch("notes", queryset=public_notes))
        )


class OutletListView(ListView):
    model = Outlet


class OutletDetailView(DetailView):
    model = Outlet

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stories"] = (
            Article.objects.published().for_listing().filter(outlet=self.object)
        )
        return context
