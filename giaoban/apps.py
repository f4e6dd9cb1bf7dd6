from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig


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


class AxesConfig(AxesAppConfig):
    """django-axes, named in Vietnamese in the admin: the app has no name of its own
    (Django would show its label, "Axes"). Listed in INSTALLED_APPS in place of "axes"."""

    default = False
    verbose_name = _("Sign-in lockouts")


class TOTPConfig(TOTPAppConfig):
    """django-otp's TOTP devices, named in Vietnamese in the admin. The plugin gives its
    model and fields plain English names (not marked for translation): they are marked
    here, and translated in locale/vi/LC_MESSAGES/django_supplement.po."""

    default = False
    verbose_name = _("Two-factor sign-in")

    def ready(self) -> None:
        super().ready()
        model = self.get_model("TOTPDevice")
        model._meta.verbose_name = _("authenticator app")
        model._meta.verbose_name_plural = _("authenticator apps")
        from django.contrib import admin

        registered = admin.site._registry.get(model)
        if registered is not None:  # its search help was written in English at import
            registered.search_help_text = _("Search by the person's user name, name or e-mail")
        for field in model._meta.fields:
            field.verbose_name = gettext_lazy(str(field.verbose_name))  # noqa: INT001
            if field.help_text:
                field.help_text = gettext_lazy(str(field.help_text))  # noqa: INT001
