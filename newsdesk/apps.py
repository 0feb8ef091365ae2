from django.contrib.admin.apps import AdminConfig


class NewsdeskAdminConfig(AdminConfig):
    default_site = "newsdesk.admin.NewsdeskAdminSite"
