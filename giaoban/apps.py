from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy
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

    def ready(self) -> None:
        super().ready()
        # Its records name themselves in English ("Attempted Access: 2026-11-30
        # 17:37:37.880570+00:00"), in the admin's titles and breadcrumbs: in words here.
        self.get_model("AccessAttempt").__str__ = _access_attempt_str
        self.get_model("AccessFailureLog").__str__ = _access_failure_str
        self.get_model("AccessLog").__str__ = _access_log_str


def _local_time(value) -> str:
    return formats.localize(timezone.localtime(value)) if value else ""


def _access_attempt_str(attempt) -> str:
    return gettext("Failed sign-ins as %(username)s, last at %(time)s") % {
        "username": attempt.username,
        "time": _local_time(attempt.attempt_time),
    }


def _access_failure_str(failure) -> str:
    if failure.locked_out:
        text = gettext("Failed sign-in as %(username)s at %(time)s from %(ip)s (locked out)")
    else:
        text = gettext("Failed sign-in as %(username)s at %(time)s from %(ip)s")
    return text % {
        "username": failure.username,
        "time": _local_time(failure.attempt_time),
        "ip": failure.ip_address,
    }


def _access_log_str(log) -> str:
    return gettext("Sign-in as %(username)s at %(time)s") % {
        "username": log.username,
        "time": _local_time(log.attempt_time),
    }


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
        for field in model._meta.fields:
            field.verbose_name = gettext_lazy(str(field.verbose_name))  # noqa: INT001
            if field.help_text:
                field.help_text = gettext_lazy(str(field.help_text))  # noqa: INT001
