from django.urls import path

from . import views
from .feeds import TopicStoriesFeed
from .preview import StoryPreviewView

app_name = "articles"
urlpatterns = [
    path("topics/", views.TopicListView.as_view(), name="topics"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic"),
    path("topics/<slug:slug>/feed/", TopicStoriesFeed(), name="topic_feed"),
    path("stories/<slug:slug>/", views.StoryDetailView.as_view(), name="story"),
    path(
        "stories/<slug:slug>/preview/",
        StoryPreviewView.as_view(),
        name="story_preview",
    ),
    path("outlets/", views.OutletListView.as_view(), name="outlets"),
    path("outlets/<slug:slug>/", views.OutletDetailView.as_view(), name="outlet"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("labels/", views.LabelsView.as_view(), name="labels"),
]
