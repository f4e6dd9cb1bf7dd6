"""Drafts of long forms, saved to the server while their author types.

A draft is a person's copy of a form's fields for one page, never the object itself:
saving a draft changes no report, no version, no history and no cached page. Whoever
serves the form decides who may keep a draft of it (the same rule as for the form); this
module only stores, bounds and forgets them.
"""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from accounts.models import FormDraft, FormSubmission
from accounts.submissions import FIELD as SUBMISSION_FIELD

# Fields never kept: they are the page's, not what the person typed.
TOKENS = frozenset({"csrfmiddlewaretoken", SUBMISSION_FIELD})
SECRET_WORDS = ("password", "otp", "token")


class DraftTooLarge(Exception):
    pass


class DraftFromSavedForm(Exception):
    """The page this draft was typed on has already been saved: the draft is late."""


def typed_fields(data: QueryDict) -> list[list[str]]:
    """The fields of a posted form as [name, value] pairs, in order, without its tokens
    and without anything secret (files are never in ``request.POST``)."""
    return [
        # PostgreSQL keeps no NUL in JSON text; no form of ours sends one.
        [name.replace("\x00", ""), value.replace("\x00", "")]
        for name, values in data.lists()
        if name not in TOKENS and not any(word in name.lower() for word in SECRET_WORDS)
        for value in values
    ]


def page_token(data: QueryDict) -> str:
    """The form's one-time token, if it is one our pages made (accounts/submissions.py)."""
    token = data.get(SUBMISSION_FIELD, "")
    return token[:64] if token.isascii() and token.isalnum() else ""


def size_of(fields: list[list[str]]) -> int:
    return len(json.dumps(fields, ensure_ascii=False).encode())


def save_draft(*, user, path: str, data: QueryDict) -> FormDraft:
    """Keep what ``user`` typed into the form of ``path`` (one draft per person and page).

    Refused when larger than ``GIAOBAN_DRAFT_MAX_KB`` and when the page's form has
    already been saved (its one-time token claimed). Each save prunes the person's
    drafts older than ``GIAOBAN_DRAFT_DAYS``."""
    fields = typed_fields(data)
    if size_of(fields) > settings.GIAOBAN_DRAFT_MAX_KB * 1024:
        raise DraftTooLarge
    token = page_token(data)
    now = timezone.now()
    with transaction.atomic():
        if token and FormSubmission.objects.filter(token=token).exists():
            raise DraftFromSavedForm
        FormDraft.objects.filter(
            user=user, saved_at__lt=now - dt.timedelta(days=settings.GIAOBAN_DRAFT_DAYS)
        ).delete()
        draft, _created = FormDraft.objects.update_or_create(
            user=user,
            path=path,
            defaults={"fields": fields, "page_token": token, "saved_at": now},
        )
    return draft


def draft_newer_than(*, user, path: str, stored_at: dt.datetime | None) -> FormDraft | None:
    """``user``'s draft of ``path`` if it was saved after the object was (any draft when
    there is no object yet). A draft older than the object, or typed on a page whose form
    was saved since, is of no more use: it is deleted."""
    draft = FormDraft.objects.filter(user=user, path=path).first()
    if draft is None:
        return None
    late = draft.page_token and FormSubmission.objects.filter(token=draft.page_token).exists()
    if late or (stored_at is not None and draft.saved_at <= stored_at):
        draft.delete()
        return None
    return draft


def forget_draft(request: HttpRequest) -> None:
    """The form of this page has been saved: its author's draft of it is gone."""
    discard_draft(user=request.user, path=request.path)


def discard_draft(*, user, path: str) -> None:
    """The author's draft of the form at ``path`` is gone (saved, or thrown away)."""
    FormDraft.objects.filter(user=user, path=path).delete()
