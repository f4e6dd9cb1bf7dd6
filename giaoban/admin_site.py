"""Django's admin is for superusers only: committee admins work in the app's own pages
(organizations/manage_views.py), behind the same access layer as every other page.

History pages stay readable, but nothing is reverted from them: django-simple-history's
revert form saves whatever it is sent, with only model-level permissions checked.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from giaoban.pagecache import changed_everything


class SuperuserAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser


class ChangesEverythingAdmin(admin.ModelAdmin):
    """A superuser's save or delete in Django's admin may change the pages of any
    committee: it tells the page cache so (giaoban/pagecache.py), in the admin's own
    transaction. Actions that call a service leave the naming to the service."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed_everything()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed_everything()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        changed_everything()

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            changed_everything()


class ReadOnlyHistoryAdmin(ChangesEverythingAdmin, SimpleHistoryAdmin):
    """The history of a record, to read; never a form that writes an old version back."""

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        # A model without recorded history (roles) shows Django's own change log, in
        # Django's own template, instead of failing on simple-history's missing manager
        # (simple-history's template would offer to revert and list nothing).
        if not hasattr(self.model._meta, "simple_history_manager_attribute"):
            response = admin.ModelAdmin.history_view(self, request, object_id, extra_context)
            if hasattr(response, "template_name"):
                opts = self.model._meta
                response.template_name = [
                    f"admin/{opts.app_label}/{opts.model_name}/object_history.html",
                    f"admin/{opts.app_label}/object_history.html",
                    "admin/object_history.html",
                ]
            return response
        return super().history_view(request, object_id, extra_context)
