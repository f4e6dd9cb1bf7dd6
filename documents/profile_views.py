"""The committee's document settings, set by its admins (an administration page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from documents import services
from documents.forms import DocumentProfileForm
from documents.models import DocumentProfile
from organizations.access import access_for, pick_administered


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    committee, committees = pick_administered(request, access_for(request.user))
    profile = DocumentProfile.objects.filter(committee=committee).first()
    form = DocumentProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.save_document_profile(committee=committee, values=values, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The document settings have been saved."))
            return redirect(f"{reverse('documents:profile')}?committee={committee.pk}")
    return render(
        request,
        "organizations/manage/form.html",
        {
            "form": form,
            "title": _("Document settings"),
            "lead": _(
                "How the committee heads and signs its documents. Every field may be left "
                "empty: the documents then use what the committee's name gives."
            ),
            "committee": committee,
            "committees": committees,
            "section": "documents",
            "submit": _("Save"),
        },
    )
