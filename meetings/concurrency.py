"""No lost update: a save based on an outdated copy is refused, never silently applied.

Forms carry the ``updated_at`` of the row they were opened on; the service locks
the row and compares before writing.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _


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
