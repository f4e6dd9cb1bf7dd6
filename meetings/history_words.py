"""Historical records read as words: local dates and times, people's and organizations'
names instead of ids, statuses by their labels, yes or no; one line per changed field.

The names behind foreign keys are read once per related model for a whole page
(``Namer``), never once a row."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from meetings import richtext

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
# Bookkeeping that a reader does not need: the version, the history's own columns, and
# values derived from others (the period's days, a directive's deadline).
SKIPPED = {"id", "updated_at", "history_id", "history_date", "history_user", "history_type",
           "history_change_reason", "period_start", "period_end", "deadline"}  # fmt: skip
EMPTY = "—"


@dataclass
class Change:
    when: dt.datetime
    who: str  # the person's name, "" when unknown
    what: str
    action: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # label, before, after
    raw: list[tuple[models.Field, object, object]] = field(default_factory=list)


def short(text: str, length: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def person(user) -> str:
    return (user.full_name or user.username) if user is not None else ""


def _name_of(obj) -> str:
    """How an object behind a foreign key is named on the page."""
    for attribute in ("full_name", "name"):
        value = getattr(obj, attribute, "")
        if value:
            return value
    if hasattr(obj, "username"):
        return obj.username
    if hasattr(obj, "text"):
        return richtext.plain_text(obj.text)
    return str(obj)


class Namer:
    """Names of the objects that changed fields point to, read in one query per related
    model for all the changes given."""

    def __init__(self, found: list[Change]) -> None:
        wanted: dict[type[models.Model], set] = defaultdict(set)
        for change in found:
            for model_field, before, after in change.raw:
                if model_field.is_relation:
                    wanted[model_field.related_model].update(
                        v for v in (before, after) if v is not None
                    )
        self.names: dict[tuple[type, object], str] = {}
        for model, ids in wanted.items():
            objects = model._base_manager.filter(pk__in=ids)
            names = {f.name for f in model._meta.fields}
            # A report is named by its organization, a conclusion by its meeting.
            objects = objects.select_related(*({"organization", "meeting"} & names))
            for obj in objects:
                by_organization = "organization" in names
                self.names[model, obj.pk] = (
                    obj.organization.name if by_organization else _name_of(obj)
                )

    def value(self, model_field, value) -> str:
        """``value`` of ``model_field`` as a person reads it."""
        if value is None or value == "":
            return EMPTY
        if model_field.is_relation:
            return short(self.names.get((model_field.related_model, value), EMPTY))
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.BooleanField):
            return pgettext("boolean", "yes") if value else pgettext("boolean", "no")
        if isinstance(value, dt.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return formats.date_format(local, "SHORT_DATETIME_FORMAT")
        if isinstance(value, dt.date):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        return short(richtext.plain_text(str(value))) or EMPTY


def _shown_fields(record):
    return [f for f in record._meta.fields if f.name not in SKIPPED]


def changes(records, label, describe) -> list[Change]:
    """Turn historical records into changes, comparing each with the one before (in
    memory). ``describe(record)`` says which object it is, without a query. The values
    are put in words by ``in_words``."""
    by_object = defaultdict(list)
    for record in records:
        by_object[record.id].append(record)
    found = []
    for versions in by_object.values():
        versions.sort(key=lambda r: (r.history_date, r.history_id))
        previous = None
        for record in versions:
            described = short(richtext.plain_text(describe(record) or ""))
            change = Change(
                when=record.history_date,
                who=person(record.history_user),
                what=f"{label}: {described}" if described else str(label),
                action=str(ACTIONS[record.history_type]),
            )
            if previous is not None and record.history_type == "~":
                for model_field in _shown_fields(record):
                    name = model_field.attname
                    before, after = getattr(previous, name), getattr(record, name)
                    if before != after:
                        change.raw.append((model_field, before, after))
                if not change.raw:
                    previous = record
                    continue
            found.append(change)
            previous = record
    return found


def in_words(found: list[Change]) -> list[Change]:
    """The changed values of ``found`` in words (one query per related model in all)."""
    namer = Namer(found)
    for change in found:
        change.fields = [
            (str(f.verbose_name), namer.value(f, before), namer.value(f, after))
            for f, before, after in change.raw
        ]
    return found
