from django.contrib.admin.apps import AdminConfig


class NewsdeskAdminConfig(AdminConfig):
    """The desk's admin site; also where the project's own hooks load: the auth
    signal receivers and the OpenAPI description of token authentication."""

    default_site = "newsdesk.admin.NewsdeskAdminSite"

    def ready(self):
        super().ready()
        from . import authentication, schema  # noqa: F401 - they register themselves
