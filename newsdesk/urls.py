from django.contrib import admin
from django.urls import include, path

from articles import views as article_views

urlpatterns = [
    path("", article_views.HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("api/", include("newsdesk.api")),
    path("", include("articles.urls")),
    path("", include("actors.urls")),
]
