from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class GiaobanConfig(AppConfig):
    default = True
    name = "giaoban"
    verbose_name = _("Liaison meetings")

    def ready(self) -> None:
        from giaoban import pagecache

        pagecache.install()


class SuperuserAdminConfig(admin_apps.AdminConfig):
    """Django's admin, open to superusers only (giaoban/admin_site.py)."""

    default = False
    default_site = "giaoban.admin_site.SuperuserAdminSite"
