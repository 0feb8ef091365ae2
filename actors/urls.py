from django.urls import path

from . import views

app_name = "actors"
urlpatterns = [
    path("actors/", views.ActorListView.as_view(), name="actors"),
    path("actors/<slug:slug>/", views.ActorDetailView.as_view(), name="actor"),
    path("events/", views.EventListView.as_view(), name="events"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event"),
]
