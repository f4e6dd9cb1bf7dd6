"""The conclusion of a meeting and its directives."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.submissions import AlreadySubmitted, claim
from giaoban.pagecache import kept_between_changes
from meetings import services
from meetings.concurrency import EditConflict, conflict_message
from meetings.forms import ConclusionForm, DirectiveFormSet, assignable_organizations
from meetings.models import Conclusion, Directive
from meetings.views.common import forbid_unless, get_meeting, warn_if_cleaned
from tracking.forms import PreviousDirectiveFormSet, formset_ok, optional_formset
from tracking.models import DirectiveAssignment
from tracking.queries import open_directives_before


@login_required
@kept_between_changes
def conclusion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _access = get_meeting(request, pk, manage=True)
    conclusion = Conclusion.objects.filter(meeting=meeting).first() or Conclusion(meeting=meeting)
    post = request.POST if request.method == "POST" else None
    form = ConclusionForm(post, instance=conclusion, meeting=meeting)
    organizations = assignable_organizations(meeting)
    directives = DirectiveFormSet(
        post,
        instance=conclusion,
        prefix="directives",
        meeting=meeting,
        organizations=organizations,
        queryset=Directive.objects.filter(conclusion=conclusion if conclusion.pk else None)
        .prefetch_related(Prefetch("assignments", queryset=DirectiveAssignment.objects.all()))
        .order_by("position", "pk"),
    )
    directives.forms  # noqa: B018 (read the directives here, not in the template)
    previous = list(
        open_directives_before(meeting).prefetch_related(
            Prefetch(
                "assignments", queryset=DirectiveAssignment.objects.select_related("organization")
            )
        )
    )
    chosen = conclusion.treatment_of_earlier()
    previous_forms = optional_formset(
        PreviousDirectiveFormSet,
        post,
        prefix="previous",
        initial=[{"directive": d.pk, "action": chosen.get(d.pk, "")} for d in previous],
    )
    conflict_with = None
    valid = post is not None and form.is_valid() and directives.is_valid()
    if valid and formset_ok(previous_forms):
        try:
            with transaction.atomic():
                claim(request)
                removed = services.save_conclusion(
                    conclusion=form.save(commit=False),
                    directives_formset=directives,
                    by=request.user,
                    version=form.opened_version(),
                    earlier=previous,
                    choices=previous_choices(previous_forms),
                )
        except AlreadySubmitted:
            messages.info(request, _("This form had already been saved; it was not saved again."))
            return redirect(f"{meeting.get_absolute_url()}#conclusion")
        except EditConflict as conflict:
            conflict_with = conflict.current
            form.refresh_version(conflict.current)
            form.add_error(None, conflict_message(conflict.current))
        except ValidationError as error:
            form.add_error(None, error)
        except IntegrityError:
            # Another person saved this meeting's conclusion at the same moment.
            form.add_error(None, _("The conclusion was saved by someone else meanwhile; reload."))
        else:
            warn_if_cleaned(request, removed)
            messages.success(request, _("The conclusion has been saved."))
            return redirect(f"{meeting.get_absolute_url()}#conclusion")
    return render(
        request,
        "meetings/conclusion_form.html",
        {
            "meeting": meeting,
            "form": form,
            "directives": directives,
            "conclusion": conclusion,
            "previous_rows": list(zip(previous_forms.forms, previous, strict=False)),
            "previous_forms": previous_forms,
            "conflict_with": conflict_with,
        },
    )


def previous_choices(forms) -> dict[int, str] | None:
    """What the form says of each earlier directive (None if the page did not send it)."""
    if not forms.is_bound:
        return None
    return {
        row.cleaned_data["directive"]: row.cleaned_data.get("action") or ""
        for row in forms
        if row.cleaned_data.get("directive")
    }


@login_required
@require_POST
def conclusion_issue(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk)
    forbid_unless(access.may_issue_conclusion(meeting.committee_id), request)
    conclusion = Conclusion.objects.filter(meeting=meeting).first()
    forbid_unless(conclusion is not None, request)
    try:
        services.issue_conclusion(conclusion=conclusion, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The conclusion has been issued."))
    return redirect(f"{meeting.get_absolute_url()}#conclusion")
