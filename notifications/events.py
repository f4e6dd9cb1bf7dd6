"""What each event tells whom: called by the service where the event happens, inside its
transaction. Texts are written in the site's language (Vietnamese), as they are kept."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.models import NotificationKind
from notifications.queries import told_about, told_on
from notifications.services import mark_read_for, notify, notify_many, reporters_of


def _report_url(report) -> str:
    return reverse("reports:edit", args=[report.meeting_id, report.organization_id])


def report_returned(report) -> int:
    """A report was returned to its organization: its reporters are told why, with a link
    to the report's form."""
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "The report of %(organization)s for %(meeting)s was returned for correction. "
            "Reason: %(reason)s"
        ) % {
            "organization": report.organization,
            "meeting": report.meeting,
            "reason": Truncator(" ".join(report.return_reason.split())).chars(200),
        }
        url = _report_url(report)
    users = reporters_of([report.organization_id]).get(report.organization_id, set())
    return notify(user_ids=users, kind=NotificationKind.REPORT_RETURNED, text=text, url=url)


def report_resubmitted(report) -> int:
    """A report was submitted: its reporters' unread "report returned" and "report due"
    notifications about it are read (what they asked is done); returns how many."""
    users = reporters_of([report.organization_id]).get(report.organization_id, set())
    return mark_read_for(
        user_ids=users,
        kinds=(NotificationKind.REPORT_RETURNED, NotificationKind.REPORT_DUE),
        url=_report_url(report),
    )


def directives_assigned(conclusion, organizations: Iterable) -> int:
    """A conclusion was issued: the reporters of each organization it assigns directives to
    (``organizations``, one entry per assignment) are told how many, with a link to their
    organization's page."""
    counts = Counter(organizations)
    found = reporters_of(organization.pk for organization in counts)
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for organization, count in counts.items():
            text = ngettext(
                "%(count)d directive of the conclusion %(notice)s is assigned to %(organization)s.",
                "%(count)d directives of the conclusion %(notice)s are assigned to "
                "%(organization)s.",
                count,
            ) % {
                "count": count,
                "notice": conclusion.notice_number,
                "organization": organization,
            }
            url = reverse("tracking_organizations:detail", args=[organization.pk])
            messages.append(
                (found.get(organization.pk, set()), NotificationKind.DIRECTIVE_ASSIGNED, text, url)
            )
    return notify_many(messages)


def deadline_near(counts: dict[int, int]) -> int:
    """Each person (user id → how many of their directives are due soon or overdue) is
    reminded in the app, at most once a day, in one statement for all."""
    already = told_on(counts, NotificationKind.DEADLINE_NEAR, timezone.localdate())
    counts = {pk: count for pk, count in counts.items() if pk not in already}
    url = reverse("tracking:board")
    with translation.override(settings.LANGUAGE_CODE):
        messages = [
            (
                [user_id],
                NotificationKind.DEADLINE_NEAR,
                ngettext(
                    "%(count)d directive is due soon or overdue.",
                    "%(count)d directives are due soon or overdue.",
                    count,
                )
                % {"count": count},
                url,
            )
            for user_id, count in sorted(counts.items())
        ]
    return notify_many(messages)


def reports_owed(messages: Iterable[tuple[Iterable[int], str, str]]) -> set[tuple[int, str]]:
    """Reports not yet sent: each message (``user_ids``, text, url of the report's form) to
    its organization's reporters, at most once a day per person and report (a second
    reminder the same day, from the daily run or a member of staff, tells nobody again),
    in one statement for all. Returns the (user id, url) told now. The text is written by
    the caller in the site's language."""
    messages = [(set(user_ids), text, url) for user_ids, text, url in messages]
    everyone = set().union(*(users for users, _text, _url in messages)) if messages else set()
    already = told_about(
        everyone, NotificationKind.REPORT_DUE, {url for *_x, url in messages}, timezone.localdate()
    )
    fresh = [
        ({pk for pk in users if (pk, url) not in already}, text, url)
        for users, text, url in messages
    ]
    notify_many((users, NotificationKind.REPORT_DUE, text, url) for users, text, url in fresh)
    return {(pk, url) for users, _text, url in fresh for pk in users}


def proposal_answered(proposal) -> int:
    """A proposal was answered: its organization's reporters are told, with a link to the
    meeting's page."""
    report = proposal.report
    with translation.override(settings.LANGUAGE_CODE):
        text = _("The proposal “%(proposal)s” of %(meeting)s was answered.") % {
            "proposal": Truncator(strip_tags(proposal.text)).chars(80),
            "meeting": report.meeting,
        }
        url = reverse("meetings:detail", args=[report.meeting_id])
    users = reporters_of([report.organization_id]).get(report.organization_id, set())
    return notify(user_ids=users, kind=NotificationKind.PROPOSAL_ANSWERED, text=text, url=url)
