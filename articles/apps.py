from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Coverage"

    def ready(self):
        from . import tallies
        from .site.cache import connect_directory_models

        connect_directory_models()
        tallies.connect()
