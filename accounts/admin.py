from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.models import SecurityEvent, User
from organizations.access import access_for
from organizations.admin import RoleInline, users_visible_to
from organizations.services import sync_admin_access


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "job_title", "email", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "is_superuser", "roles__kind")
    search_fields = ("username", "full_name", "email")
    inlines = (RoleInline,)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "job_title", "email")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "password1", "password2"),
            },
        ),
    )

    def get_queryset(self, request):
        return users_visible_to(request, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        # Committee admins cannot hand out powers they do not hold themselves.
        return (
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
            "last_login",
            "date_joined",
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def user_change_password(self, request, id, form_url=""):
        # Only people this admin manages (get_queryset) can have their password reset.
        if not self.get_queryset(request).filter(pk=id).exists():
            raise Http404
        return super().user_change_password(request, id, form_url)

    def save_formset(self, request, form, formset, change):
        if not request.user.is_superuser:
            allowed = access_for(request.user).administered_committee_ids()
            for inline_form in formset.forms:
                committee = inline_form.cleaned_data.get("committee")
                if committee is not None and committee.pk not in allowed:
                    raise PermissionDenied
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        sync_admin_access(form.instance)


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
