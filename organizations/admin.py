"""Django's admin for committees, organizations and roles: superusers only (the
site lets nobody else in, giaoban/admin_site.py), so nothing here is scoped to a
committee. Committee admins work in the app's administration pages
(organizations/manage_views.py)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.admin import messages
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import services as account_services
from accounts.models import User
from giaoban.admin_site import ChangesEverythingAdmin, ReadOnlyHistoryAdmin
from organizations import importer, services
from organizations.forms import ImportForm, MergeForm, RenameForm
from organizations.models import (
    Organization,
    OrganizationName,
    PartyCommittee,
    Role,
    Succession,
)


class ExistsOnFilter(admin.SimpleListFilter):
    title = _("existence")
    parameter_name = "existence"

    def lookups(self, request, model_admin):
        return [("current", _("Still exists")), ("ended", _("Ceased to exist"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.valid_on(today)
        if self.value() == "ended":
            return queryset.filter(valid_until__lte=today)
        return queryset


class KeptAdmin(ReadOnlyHistoryAdmin):
    """Nothing is deleted from the admin: history is kept, validities are ended instead."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PartyCommittee)
class PartyCommitteeAdmin(KeptAdmin):
    list_display = (
        "name",
        "short_name",
        "level",
        "parent",
        "document_suffix",
        "valid_from",
        "valid_until",
        "successor",
    )
    list_filter = ("level", ExistsOnFilter)
    search_fields = ("name", "short_name", "place_name")
    list_select_related = ("parent", "successor")
    autocomplete_fields = ("parent", "successor")
    change_list_template = "admin/organizations/partycommittee/change_list.html"
    fieldsets = (
        (None, {"fields": ("name", "short_name", "level", "parent")}),
        (_("Documents"), {"fields": ("document_suffix", "place_name")}),
        (_("Existence"), {"fields": ("valid_from", "valid_until", "successor")}),
    )

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="organizations_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest):
        # Anywhere in the tree: only superusers pass ``admin_view``.
        form = ImportForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            result = services.import_organizations(
                data=upload, filename=upload.name, by=request.user
            )
            if result.ok:
                self.message_user(
                    request,
                    _("Imported %(committees)d committees and %(organizations)d organizations.")
                    % {"committees": result.committees, "organizations": result.organizations},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:organizations_partycommittee_changelist")
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import committees and organizations"),
            "columns": list(importer.VIETNAMESE_HEADERS.items()),
            "form": form,
            "result": result,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/organizations/import.html", context)


class OrganizationNameInline(admin.TabularInline):
    model = OrganizationName
    fields = ("name", "short_name", "valid_from", "valid_until")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("Names over time")

    def has_add_permission(self, request, obj=None):
        return False


class PredecessorInline(admin.TabularInline):
    model = Succession
    fk_name = "successor"
    fields = ("predecessor", "date", "note", "recorded_by", "recorded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = _("predecessor")
    verbose_name_plural = _("Predecessors (merged into this organization)")

    def has_add_permission(self, request, obj=None):
        return False


class SuccessorInline(PredecessorInline):
    fk_name = "predecessor"
    fields = ("successor", "date", "note", "recorded_by", "recorded_at")
    readonly_fields = fields
    verbose_name = _("successor")
    verbose_name_plural = _("Successor (this organization was merged into)")


@admin.register(Organization)
class OrganizationAdmin(KeptAdmin):
    list_display = ("name", "committee", "kind", "reports_at_meetings", "valid_until")
    list_per_page = 50
    list_filter = ("kind", "reports_at_meetings", ExistsOnFilter, "committee__level")
    search_fields = ("name", "short_name", "names__name", "committee__name")
    list_select_related = ("committee",)
    autocomplete_fields = ("committee",)
    inlines = (OrganizationNameInline, PredecessorInline, SuccessorInline)
    actions = ("merge_action", "rename_action")
    # The merger the action runs: tracking's admin puts its own in (open directive parts
    # pass to the successor), as organizations imports no app above it.
    merge_organizations = staticmethod(services.merge_organizations)
    fields = (
        "committee",
        "kind",
        "name",
        "short_name",
        "display_order",
        "reports_at_meetings",
        "valid_from",
        "valid_until",
    )

    def get_readonly_fields(self, request, obj=None):
        # Once created, the name changes only through "rename", so history is kept.
        return ("committee", "name", "short_name") if obj else ()

    def save_model(self, request, obj, form, change):
        services.save_organization(organization=obj, created=not change, fields=form.changed_data)

    @admin.action(description=_("Merge the selected organizations into one"))
    def merge_action(self, request, queryset):
        sources = list(queryset.select_related("committee"))
        committees = {org.committee_id for org in sources}
        if len(committees) != 1:
            self.message_user(
                request,
                _("Only organizations of the same committee can be merged."),
                messages.ERROR,
            )
            return None
        committee_id = committees.pop()
        candidates = Organization.objects.filter(committee_id=committee_id).exclude(
            pk__in=[org.pk for org in sources]
        )
        form = MergeForm(request.POST if "confirm" in request.POST else None, candidates=candidates)
        if "confirm" in request.POST and form.is_valid():
            data = form.cleaned_data
            try:
                successor = self.merge_organizations(
                    sources=sources,
                    into=data["successor"],
                    new_name=data["new_name"],
                    new_short_name=data["new_short_name"],
                    new_kind=data["new_kind"],
                    on=data["date"],
                    by=request.user,
                    note=data["note"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d organization merged into “%(name)s”.",
                        "%(count)d organizations merged into “%(name)s”.",
                        len(sources),
                    )
                    % {"count": len(sources), "name": successor.name},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:organizations_organization_change", args=[successor.pk])
                )
        return render(
            request,
            "admin/organizations/organization/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Merge organizations"),
                "sources": sources,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Rename the selected organization"))
    def rename_action(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Select exactly one organization to rename."), messages.ERROR
            )
            return None
        organization = queryset.get()
        form = RenameForm(request.POST if "confirm" in request.POST else None)
        if "confirm" in request.POST and form.is_valid():
            try:
                services.rename_organization(
                    organization=organization,
                    name=form.cleaned_data["name"],
                    short_name=form.cleaned_data["short_name"],
                    on=form.cleaned_data["date"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                self.message_user(
                    request,
                    _("The organization has been renamed; its earlier name is kept."),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:organizations_organization_change", args=[organization.pk])
                )
        return render(
            request,
            "admin/organizations/organization/rename.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Rename an organization"),
                "organization": organization,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(Role)
class RoleAdmin(KeptAdmin):
    list_display = ("user", "kind", "committee", "organization", "is_active", "created_at")
    list_filter = ("kind", "is_active", "committee__level")
    search_fields = ("user__username", "user__full_name", "committee__name", "organization__name")
    list_select_related = ("user", "committee", "organization")
    autocomplete_fields = ("user", "committee", "organization")


class RoleInline(admin.TabularInline):
    model = Role
    fields = ("committee", "kind", "organization", "is_active")
    autocomplete_fields = ("committee", "organization")
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("committee", "organization")


class AdminPasswordChangeForm(auth_forms.AdminPasswordChangeForm):
    """Writes the password and nothing else of the account, which no page shows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's help text, joined to its warning once at import (so left untranslated)
        # and speaking of LDAP and "backends": said plainly, in the reader's language.
        if "usable_password" in self.fields:
            self.fields["usable_password"].help_text = format_html(
                '{}<ul id="id_unusable_warning" class="messagelist">'
                '<li class="warning">{}</li></ul>',
                _("Whether the person can sign in with a password."),
                _("If disabled, the current password of this person is lost."),
            )

    def save(self, commit=True):
        user = super().save(commit=False)
        if commit:
            account_services.store_password(user=user)
        return user


# Django's groups carry permissions, which this application does not use: roles say
# what a person may do (organizations.models.Role).
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(ChangesEverythingAdmin, DjangoUserAdmin):
    """For superusers (the only ones in Django's admin); committee admins manage their
    committee's accounts in the app (organizations/manage_views.py)."""

    change_password_form = AdminPasswordChangeForm
    list_display = ("username", "full_name", "job_title", "email", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "is_superuser", "roles__kind")
    filter_horizontal = ()
    search_fields = ("username", "full_name", "email")
    inlines = (RoleInline,)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "job_title", "email")}),
        (
            _("Permissions"),
            # No groups nor permissions: what a person may do comes from their roles
            # (``Role``, below), not from Django's permissions.
            {"fields": ("is_active", "is_staff", "is_superuser")},
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

    def has_delete_permission(self, request, obj=None):
        return False
