"""The frame of the committee administration pages, shared by the pages of the apps
that administer organizations (``organizations.manage_views``, and tracking's ending and
merging, which hand over or refuse open follow-up)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse

from organizations.models import PartyCommittee


def manage_url(name: str, committee: PartyCommittee) -> str:
    return f"{reverse(name)}?committee={committee.pk}"


def form_page(request: HttpRequest, form, *, title: str, committee, section: str, **extra):
    """The one template of the administration forms."""
    return render(
        request,
        "organizations/manage/form.html",
        {"form": form, "title": title, "committee": committee, "section": section, **extra},
    )


def add_errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def add_field_errors(form, error: ValidationError) -> None:
    """The service's errors beside the fields they are about, where the form has them
    (a start date required is said at the date); the others above the form."""
    if not hasattr(error, "error_dict"):
        add_errors(form, error)
        return
    for field, errors in error.error_dict.items():
        for message in ValidationError(errors).messages:
            form.add_error(field if field in form.fields else None, message)
