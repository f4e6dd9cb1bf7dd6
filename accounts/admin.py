"""The security log, for superusers; django-otp's and django-axes's admins in Vietnamese.
The user model's admin, which shows the roles that organizations define, is registered
in organizations/admin.py (accounts imports no app above it)."""

from axes import admin as axes_admin
from axes.models import AccessAttempt
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp import admin as otp_totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only, for superusers."""

    list_display = ("created_at", "kind", "username", "ip_address", "path")
    list_filter = ("kind",)
    search_fields = ("username", "ip_address", "path")
    date_hierarchy = "created_at"

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- django-otp's and django-axes's admins, in Vietnamese ---------------------------
# Their admin classes write some words in plain English (fieldset titles, a column, an
# action's message): they are registered again here, as subclasses that say them through
# gettext. This module is imported after theirs (INSTALLED_APPS order).

TOTP_FIELDSET_TITLES = {
    "Identity": _("Device"),
    "Timestamps": _("Dates and times"),
    "Configuration": _("Settings"),
    "State": _("Clock drift"),
    "Throttling": _("Failed verifications"),
}


class TOTPDeviceAdmin(otp_totp_admin.TOTPDeviceAdmin):
    search_help_text = _("Search by the person's user name, name or e-mail")

    def get_fieldsets(self, request, obj=None):
        return [
            (TOTP_FIELDSET_TITLES.get(title, title), options)
            for title, options in super().get_fieldsets(request, obj)
        ]

    @admin.display(description=_("QR code"))
    def qrcode_link(self, device):
        try:
            href = reverse("admin:otp_totp_totpdevice_config", kwargs={"pk": device.pk})
        except NoReverseMatch:
            return ""
        return format_html('<a href="{}">{}</a>', href, _("Show the QR code"))


class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    @admin.action(description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request, queryset):
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(
            request,
            ngettext(
                "%(count)d expired attempt cleaned up.",
                "%(count)d expired attempts cleaned up.",
                count,
            )
            % {"count": count},
        )

    @admin.display(description=_("Status"))
    def status(self, obj):
        return super().status(obj)


for _model, _model_admin in (
    (TOTPDevice, TOTPDeviceAdmin),
    (AccessAttempt, AccessAttemptAdmin),
):
    if admin.site.is_registered(_model):  # axes registers its admins when enabled
        admin.site.unregister(_model)
        admin.site.register(_model, _model_admin)
