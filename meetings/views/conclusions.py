"""The conclusion of a meeting and its directives."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import services
from meetings.forms import ConclusionForm, DirectiveFormSet, assignable_organizations
from meetings.models import Conclusion, Directive, DirectiveAssignment
from meetings.views.common import forbid_unless, get_meeting, warn_if_cleaned


@login_required
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
    if post is not None and form.is_valid() and directives.is_valid():
        removed = services.save_conclusion(
            conclusion=form.save(commit=False), directives_formset=directives, by=request.user
        )
        warn_if_cleaned(request, removed)
        messages.success(request, _("The conclusion has been saved."))
        return redirect(f"{meeting.get_absolute_url()}#conclusion")
    return render(
        request,
        "meetings/conclusion_form.html",
        {"meeting": meeting, "form": form, "directives": directives, "conclusion": conclusion},
    )


@login_required
@require_POST
def conclusion_issue(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk)
    forbid_unless(access.may_issue_conclusion(meeting.committee_id))
    conclusion = Conclusion.objects.filter(meeting=meeting).first()
    forbid_unless(conclusion is not None)
    try:
        services.issue_conclusion(conclusion=conclusion, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The conclusion has been issued."))
    return redirect(f"{meeting.get_absolute_url()}#conclusion")
