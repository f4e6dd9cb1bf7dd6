from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_POST, require_safe

from accounts import services as account_services
from accounts.forms import LanguageForm
from organizations.access import access_for
from organizations.models import Role, RoleKind
from tracking import views as tracking_views


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Leaders and staff land on the dashboard, reporters on their work, others on their account."""
    access = access_for(request.user)
    if access.is_superuser or access.committee_ids(RoleKind.STAFF, RoleKind.LEADER):
        return tracking_views.dashboard(request)
    if access.organization_ids():
        return render(request, "tracking/my_work.html", tracking_views.my_work_context(access))
    return account(request)


@require_safe
@login_required
def account(request: HttpRequest) -> HttpResponse:
    return _account_page(request, LanguageForm(initial={"language": request.user.language}))


def _account_page(request: HttpRequest, language_form: LanguageForm) -> HttpResponse:
    roles = (
        Role.objects.active()
        .filter(user=request.user)
        .select_related("committee", "organization")
        .order_by("committee__name", "kind")
    )
    return render(request, "home.html", {"roles": roles, "language_form": language_form})


@login_required
@require_POST
def language_choice(request: HttpRequest) -> HttpResponse:
    """The account page's choice of language, stored on the person; a value not offered
    shows the account page again with its error summary."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return _account_page(request, form)
    language = form.cleaned_data["language"]
    if account_services.choose_language(user=request.user, language=language):
        with translation.override(language):
            messages.success(request, _("Your language has been saved."))
    return redirect("account")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A form too big to be read says so, and what to do; any other bad request gets
    the general page."""
    if isinstance(exception, (TooManyFieldsSent, TooManyFilesSent, RequestDataTooBig)):
        return render(request, "form_too_large.html", status=400)
    return defaults.bad_request(request, exception)
