"""No lost update: a save based on an outdated copy is refused, never silently applied.

Forms carry the ``updated_at`` of the row they were opened on; the service writes only
if the row is still at that version. ``submit_once`` runs a form's service once per
submission and turns its refusals into what the user reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.submissions import AlreadySubmitted, claim


class EditConflict(Exception):
    """Someone saved the same object after this form was opened. ``message``: what to tell
    the user when more than ``conflict_message`` (the object was locked meanwhile…)."""

    def __init__(self, current: models.Model, message: str | None = None):
        super().__init__("edit conflict")
        self.current = current
        self._message = message

    @property
    def message(self) -> str:
        return self._message or conflict_message(self.current)


def version_of(obj: models.Model) -> str:
    return obj.updated_at.isoformat() if obj.pk and obj.updated_at else ""


def check_version(obj: models.Model, version: str | None) -> None:
    """Lock ``obj``'s row; refuse if it changed since ``version`` (call inside a transaction)."""
    if not obj.pk or version is None:
        return
    current = type(obj).objects.select_for_update().get(pk=obj.pk)
    if version_of(current) != version:
        raise EditConflict(current)


class VersionedFormMixin:
    """A hidden ``version`` field holding the ``updated_at`` the form was opened on."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.initial["version"] = version_of(self.versioned())

    def versioned(self) -> models.Model:
        """The row whose ``updated_at`` is the version: the form's own by default."""
        return self.instance

    def opened_version(self) -> str | None:
        # A form posted without the field (an older page, a script) is not checked.
        if not self.is_bound:
            return None
        return self.data.get(self.add_prefix("version"))

    def refresh_version(self, current: models.Model) -> None:
        """After a conflict: the next save is based on what is now stored."""
        data = self.data.copy()
        data[self.add_prefix("version")] = version_of(current)
        self.data = data


def conflict_message(current: models.Model) -> str:
    """What the user whose save was refused reads: who saved in between, and when."""
    who = current.updated_by.get_full_name() if current.updated_by else _("someone else")
    return _(
        "%(who)s saved this at %(when)s, after you opened it. Nothing of yours was saved: "
        "your text is kept below, and what is now stored is shown for comparison. "
        "Merge the two, then save again."
    ) % {
        "who": who,
        "when": formats.date_format(
            timezone.localtime(current.updated_at), "SHORT_DATETIME_FORMAT"
        ),
    }


@dataclass
class Outcome:
    """What came of a form's submission (``submit_once``)."""

    done: bool = False  # the service ran and its transaction committed
    result: Any = None  # what the service returned
    repeated: bool = False  # the same form had been sent before: nothing was done again
    conflict_with: models.Model | None = None  # stored now, when someone else saved first


def submit_once(
    request: HttpRequest,
    action: Callable[[], Any],
    *,
    form: forms.BaseForm | None = None,
    refusals: Mapping[type[Exception], str] | None = None,
    claimed_by_service: bool = False,
) -> Outcome:
    """Run ``action`` (one service call) once per submitted form: in one transaction with
    the form's one-time token (``accounts.submissions.claim``), so that a refused write
    leaves the token unused. What refuses it becomes what the user reads, with nothing
    written: the same form sent again, an info message; ``EditConflict``, the form's error
    (its version moved on to what is stored, shown as ``conflict_with``); a
    ``ValidationError``, the form's error; an exception named in ``refusals``, its
    message. Without ``form``, errors are page messages. ``claimed_by_service``: the
    service claims the token itself (``accounts.submissions.claim_token``) in its own
    transaction, so none is opened here."""

    def refuse(error) -> None:
        if form is not None:
            form.add_error(None, error)
        else:
            messages.error(request, " ".join(ValidationError(error).messages))

    try:
        if claimed_by_service:
            result = action()
        else:
            with transaction.atomic():
                claim(request)
                result = action()
    except AlreadySubmitted:
        messages.info(request, _("This form had already been saved; it was not saved again."))
        return Outcome(repeated=True)
    except EditConflict as conflict:
        if isinstance(form, VersionedFormMixin):
            form.refresh_version(conflict.current)
        refuse(conflict.message)
        return Outcome(conflict_with=conflict.current)
    except ValidationError as error:
        refuse(error)
        return Outcome()
    except tuple(refusals or ()) as error:
        refuse(next(m for kind, m in refusals.items() if isinstance(error, kind)))
        return Outcome()
    return Outcome(done=True, result=result)
