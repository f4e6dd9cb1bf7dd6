"""Committee administration in the app: organizations, people and roles, the import.

Every page gets its committee, organization, account or role through the access
layer (``pick_administered``, ``Access.users()``…): what the admin does not administer
answers exactly as what does not exist (404). Every write is a service.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from giaoban.pagination import page_of
from organizations import services
from organizations.access import access_for, pick_administered
from organizations.access import administered_organization as _administered_organization
from organizations.forms import ImportForm, RenameForm
from organizations.manage_forms import (
    AccountForm,
    CommitteeMoveForm,
    OrganizationCreateForm,
    PasswordResetForm,
    RoleGrantForm,
)
from organizations.manage_pages import add_errors as _add_errors
from organizations.manage_pages import add_field_errors, manage_url
from organizations.manage_pages import form_page as _form_page
from organizations.models import Organization, PartyCommittee, Role

PAGE_SIZE = 50


# --- committees -------------------------------------------------------------------


@login_required
def committee_move(request: HttpRequest) -> HttpResponse:
    """The committees under the chosen one come under another from a date (communes under
    the province when their district ends); where each came under before stays on
    record."""
    access = access_for(request.user)
    committee, committees = pick_administered(request, access)
    today = timezone.localdate()
    children = PartyCommittee.objects.filter(parent=committee).not_ceased_by(today)
    parents = (
        access.administered_committees()
        .not_ceased_by(today)
        .exclude(pk=committee.pk)
        .order_by("level", "name")
    )
    form = CommitteeMoveForm(request.POST or None, children=children, parents=parents)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moved = services.move_committees(
                committees=list(data["committees"]),
                parent=data["parent"],
                on=data["date"],
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d committee comes under %(parent)s from %(date)s.",
                    "%(count)d committees come under %(parent)s from %(date)s.",
                    len(moved),
                )
                % {
                    "count": len(moved),
                    "parent": data["parent"].name,
                    "date": date_format(data["date"], "SHORT_DATE_FORMAT"),
                },
            )
            return redirect(manage_url("organizations:manage", data["parent"]))
    return _form_page(
        request,
        form,
        title=_("Move committees under another"),
        committee=committee,
        committees=committees,
        section="organizations",
        submit=_("Move"),
        cancel=manage_url("organizations:manage", committee),
    )


# --- organizations ---------------------------------------------------------------


@require_safe
@login_required
def organizations(request: HttpRequest) -> HttpResponse:
    """The committee's organizations, ended ones too, with the dates they existed."""
    committee, committees = pick_administered(request, access_for(request.user))
    today = timezone.localdate()
    page = page_of(
        Organization.objects.filter(committee=committee).order_by("display_order", "name", "pk"),
        PAGE_SIZE,
        request.GET.get("page"),
    )
    return render(
        request,
        "organizations/manage/organizations.html",
        {
            "committee": committee,
            "committees": committees,
            "section": "organizations",
            "page": page,
            "rows": [(org, org.has_ceased_by(today)) for org in page.object_list],
            "query": f"committee={committee.pk}",
        },
    )


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    committee, _committees = pick_administered(request, access_for(request.user))
    form = OrganizationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organization = services.create_organization(
                committee=committee,
                name=data["name"],
                short_name=data["short_name"],
                kind=data["kind"],
                display_order=data["display_order"],
                reports_at_meetings=form.reports(),
                valid_from=data["valid_from"],
            )
        except ValidationError as error:
            add_field_errors(form, error)
        else:
            messages.success(
                request, _("“%(name)s” has been created.") % {"name": organization.name}
            )
            return redirect(manage_url("organizations:manage", committee))
    return _form_page(
        request,
        form,
        title=_("New organization"),
        committee=committee,
        section="organizations",
        submit=_("Create"),
        cancel=manage_url("organizations:manage", committee),
    )


@login_required
def organization_rename(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _administered_organization(request, pk)
    form = RenameForm(request.POST or None, initial={"short_name": organization.short_name})
    if request.method == "POST" and form.is_valid():
        try:
            services.rename_organization(
                organization=organization,
                name=form.cleaned_data["name"],
                short_name=form.cleaned_data["short_name"],
                on=form.cleaned_data["date"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("The organization has been renamed; its earlier name is kept.")
            )
            return redirect(manage_url("organizations:manage", organization.committee))
    return _form_page(
        request,
        form,
        title=_("Rename an organization"),
        lead=organization.name,
        committee=organization.committee,
        section="organizations",
        submit=_("Rename"),
        cancel=manage_url("organizations:manage", organization.committee),
    )


# --- people and roles --------------------------------------------------------------


def _locked_usernames(usernames) -> set[str]:
    """Of ``usernames``, those locked out now by django-axes (one query)."""
    from axes.models import AccessAttempt

    since = timezone.now() - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    return set(
        AccessAttempt.objects.filter(
            username__in=list(usernames),
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        ).values_list("username", flat=True)
    )


@require_safe
@login_required
def people(request: HttpRequest) -> HttpResponse:
    """The people of the committee: holding a role in it, or created there without one."""
    access = access_for(request.user)
    committee, committees = pick_administered(request, access)
    # NUL cannot be in a PostgreSQL string: it is dropped, as the spaces are folded.
    search = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:100]
    users = access.users().filter(
        Q(roles__committee=committee, roles__is_active=True) | Q(owner__committee=committee)
    )
    if search:
        users = users.filter(Q(username__icontains=search) | Q(full_name__icontains=search))
    users = users.distinct().prefetch_related(
        Prefetch(
            "roles",
            queryset=Role.objects.active()
            .filter(committee=committee)
            .select_related("organization"),
            to_attr="roles_here",
        )
    )
    page = page_of(users.order_by("username"), PAGE_SIZE, request.GET.get("page"))
    locked = _locked_usernames(user.username for user in page.object_list)
    query = urlencode({"committee": committee.pk, **({"q": search} if search else {})})
    return render(
        request,
        "organizations/manage/people.html",
        {
            "committee": committee,
            "committees": committees,
            "section": "people",
            "page": page,
            "rows": [(user, user.username in locked) for user in page.object_list],
            "search": search,
            "query": query,
        },
    )


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    """A new account of the committee, with its first role."""
    committee, _committees = pick_administered(request, access_for(request.user))
    form = AccountForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_account(
                committee=committee,
                username=data["username"],
                full_name=data["full_name"],
                job_title=data["job_title"],
                email=data["email"],
                password=data["password"],
                kind=data["kind"],
                organization=data["organization"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The account “%(username)s” has been created.") % {"username": user.username},
            )
            return redirect(reverse("organizations:manage_person", args=[user.pk]))
    return _form_page(
        request,
        form,
        title=_("New account"),
        committee=committee,
        section="people",
        submit=_("Create the account"),
        cancel=manage_url("organizations:manage_people", committee),
    )


def _seen_person(request: HttpRequest, pk: int, *, managed: bool = False) -> User:
    """An account the admin sees (``managed``: whose password they may reset)."""
    access = access_for(request.user)
    if not access.is_admin():
        raise Http404
    users = access.managed_users() if managed else access.users()
    return get_object_or_404(users, pk=pk)


@require_safe
@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """One person: their roles in the committees the admin administers, and what the
    admin may do about the account."""
    access = access_for(request.user)
    user = _seen_person(request, pk)
    roles = list(
        access.administered_roles()
        .filter(user=user)
        .select_related("committee", "organization")
        .order_by("-is_active", "committee__name", "kind")
    )
    owner = getattr(user, "owner", None)
    committee = next(
        (role.committee for role in roles if role.is_active),
        owner.committee
        if owner is not None
        and (access.is_superuser or owner.committee_id in access.administered_committee_ids())
        else None,
    )
    grant_form = RoleGrantForm(
        committees=access.administered_committees(),
        organizations=access.administered_organizations(),
        initial={"committee": committee.pk if committee else None},
    )
    return render(
        request,
        "organizations/manage/person.html",
        {
            "person": user,
            "roles": roles,
            "committee": committee,
            "section": "people",
            "may_reset": access.managed_users().filter(pk=user.pk).exists(),
            "locked": bool(_locked_usernames([user.username])),
            "grant_form": grant_form,
        },
    )


@login_required
def person_password(request: HttpRequest, pk: int) -> HttpResponse:
    user = _seen_person(request, pk, managed=True)
    form = PasswordResetForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.reset_password(
            user=user, password=form.cleaned_data["password"], by=request.user, request=request
        )
        messages.success(
            request,
            _("The password of “%(username)s” has been reset; give it to them in person.")
            % {"username": user.username},
        )
        return redirect(reverse("organizations:manage_person", args=[user.pk]))
    return _form_page(
        request,
        form,
        title=_("Reset the password"),
        lead=f"{user.get_full_name()} ({user.username})",
        committee=None,
        section="people",
        submit=_("Set the new password"),
        cancel=reverse("organizations:manage_person", args=[user.pk]),
    )


@login_required
@require_POST
def person_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    user = _seen_person(request, pk, managed=True)
    services.lift_lockout(user=user, by=request.user, request=request)
    messages.success(request, _("“%(username)s” may sign in again.") % {"username": user.username})
    return redirect(reverse("organizations:manage_person", args=[user.pk]))


@login_required
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a person the admin sees a role in a committee the admin administers."""
    access = access_for(request.user)
    user = _seen_person(request, pk)
    form = RoleGrantForm(
        request.POST or None,
        committees=access.administered_committees(),
        organizations=access.administered_organizations(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.grant_role(
                user=user,
                committee=data["committee"],
                kind=data["kind"],
                organization=data["organization"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The role has been granted."))
            return redirect(reverse("organizations:manage_person", args=[user.pk]))
    return _form_page(
        request,
        form,
        title=_("Grant a role"),
        lead=f"{user.get_full_name()} ({user.username})",
        committee=None,
        section="people",
        submit=_("Grant"),
        cancel=reverse("organizations:manage_person", args=[user.pk]),
    )


@login_required
@require_POST
def role_end(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    if not access.is_admin():
        raise Http404
    role = get_object_or_404(access.administered_roles().select_related("user"), pk=pk)
    services.end_role(role=role, by=request.user, request=request)
    messages.success(request, _("The role has ended; the account is kept."))
    return redirect(reverse("organizations:manage_person", args=[role.user_id]))


# --- import -------------------------------------------------------------------------


@login_required
def import_file(request: HttpRequest) -> HttpResponse:
    """Committees and organizations from a file: a committee admin only for the committees
    they administer (other rows are refused, row by row); a superuser anywhere."""
    access = access_for(request.user)
    committee, committees = pick_administered(request, access)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        allowed = None if access.is_superuser else access.administered_committee_ids()
        result = services.import_organizations(
            data=upload, filename=upload.name, by=request.user, allowed_committee_ids=allowed
        )
        if result.ok:
            messages.success(
                request,
                _("Imported %(committees)d committees and %(organizations)d organizations.")
                % {"committees": result.committees, "organizations": result.organizations},
            )
            return redirect(manage_url("organizations:manage", committee))
    return render(
        request,
        "organizations/manage/import.html",
        {
            "committee": committee,
            "committees": committees,
            "section": "import",
            "form": form,
            "result": result,
        },
    )
