"""Every URL × every role × GET and POST × own, foreign and missing objects.

The URL list comes from the URL configuration: a view added without an entry here
makes ``test_every_url_is_in_the_matrix`` fail, so nobody adds a page without saying
who may see it and who may post to it. Django's admin is walked whole, every one of
its URL patterns with real object and history ids, and answers only superusers. A
foreign object must answer exactly as a missing one (404), never 403, so that its
existence does not leak.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from meetings.models import Conclusion, Directive, Proposal
from notifications.models import Notification
from organizations.models import Organization, PartyCommittee, Role, RoleKind
from tests.factories import make_meeting, make_organization, make_report, make_role, make_user
from tracking.models import DirectiveAssignment

PDF_BYTES = b"%PDF-1.4\n% test\n%%EOF\n"
ROLES = [
    "anonymous",
    "reporter",
    "other_reporter",
    "staff",
    "foreign_staff",
    "leader",
    "admin",
    "foreign_admin",
    "superuser",
]
A, R, O, S, F, L, D, FD, SU = ROLES  # noqa: E741 (short names for the table below)
SIGNED_IN = [R, O, S, F, L, D, FD, SU]
OWN = [R, O, S, L, D, SU]  # the roles that read Lâm Giang
OWN_READERS = dict.fromkeys(OWN, 200)
EVERYONE = dict.fromkeys(SIGNED_IN, 200)


def only(*roles, status=200, others=404):
    return dict.fromkeys(SIGNED_IN, others) | dict.fromkeys(roles, status)


ADMINS = only(D, SU)
# A step taken by POST, opened by itself: back to the meeting's page, which decides who
# reads it (meetings/confirm.py posted_or_back); the same for a foreign or missing one.
BACK = dict.fromkeys(SIGNED_IN, 302)
BACK_ON_GET = {
    "meetings:report_accept",
    "meetings:report_return",
    "meetings:reports_remind",
    "conclusions:issue",
}


# url name -> (what the URL is about, status per role for a GET on an own object).
# Anonymous visitors are sent to sign in (302) unless said otherwise.
MATRIX = {
    "home": ("none", EVERYONE),
    "healthz": ("none", {A: 200, **EVERYONE}),
    "account": ("none", EVERYONE),
    "login": ("none", {A: 200, **dict.fromkeys(SIGNED_IN, 302)}),
    "logout": ("none", {A: 405, **dict.fromkeys(SIGNED_IN, 405)}),
    "password_change": ("none", EVERYONE),
    "password_change_done": ("none", EVERYONE),
    "sessions": ("none", EVERYONE),
    "two_factor_setup": ("none", EVERYONE),
    "two_factor_verify": ("none", dict.fromkeys(SIGNED_IN, 302)),  # no device: back home
    "session_end": ("none", dict.fromkeys(SIGNED_IN, 405)),
    "language_choice": ("none", dict.fromkeys(SIGNED_IN, 405)),
    # A person's own notifications: nobody else's, a superuser's included.
    "notifications:list": ("none", EVERYONE),
    "notifications:read": ("notification", dict.fromkeys(SIGNED_IN, 405)),
    "notifications:read_all": ("none", dict.fromkeys(SIGNED_IN, 405)),
    # Asked by the pages' scripts: they answer 401, not the sign-in page, once signed out.
    "keep_alive": ("none", {A: 405, **dict.fromkeys(SIGNED_IN, 405)}),
    "meetings:report_draft": ("report", {A: 401, **only(R, S, SU)}),
    "meetings:conclusion_draft": ("meeting", {A: 401, **only(S, SU)}),
    "organizations:list": ("committee", OWN_READERS | {F: 404, FD: 404}),
    "tracking_organizations:detail": ("organization", OWN_READERS | {F: 404, FD: 404}),
    "meetings:list": ("none", EVERYONE),
    "meetings:create": ("none", only(S, F, SU)),
    "meetings:attendance_rows": ("none", only(S, F, SU)),
    "meetings:detail": ("meeting", OWN_READERS | {F: 404, FD: 404}),
    "meetings:print": ("meeting", OWN_READERS | {F: 404, FD: 404}),
    "conclusions:follow_up": ("meeting", OWN_READERS | {F: 404, FD: 404}),
    "meetings:history": ("meeting", only(S, SU)),
    "meetings:edit": ("meeting", only(S, SU)),
    "meetings:next": ("meeting", only(S, SU)),
    "reports:edit": ("report", only(R, S, SU)),
    "meetings:report_accept": ("report", BACK),
    "meetings:report_return": ("report", BACK),
    "meetings:reports_remind": ("meeting", BACK),
    "conclusions:edit": ("meeting", only(S, SU)),
    "conclusions:issue": ("meeting", BACK),
    "meetings:removed": ("committee", only(S, D, SU)),
    "meetings:restore": ("committee", dict.fromkeys(SIGNED_IN, 405)),
    "search:results": ("none", EVERYONE),
    "tracking:board": ("committee", OWN_READERS | {F: 404, FD: 404}),
    "tracking:dashboard": ("committee", OWN_READERS | {F: 404, FD: 404}),
    "tracking:directive": ("directive", OWN_READERS | {F: 404, FD: 404}),
    "tracking:proposals": ("committee", only(S, L, SU)),
    "tracking:proposal_answer": ("proposal", only(S, SU)),
    "documents:notice": ("meeting", OWN_READERS | {F: 404, FD: 404}),
    "documents:proposals": ("meeting", only(S, L, SU)),
    "documents:summary_draft": ("meeting", only(S, L, SU)),
    "documents:signed_notice": ("meeting", OWN_READERS | {F: 404, FD: 404}),
    "documents:signed_notice_file": ("signed", OWN_READERS | {F: 404, FD: 404}),
    "documents:report_files": ("report", OWN_READERS | {F: 404, FD: 404}),
    "documents:attachment": ("attachment", OWN_READERS | {F: 404, FD: 404}),
    "documents:attachment_delete": ("attachment", dict.fromkeys(SIGNED_IN, 405)),
    "documents:board_sheet": ("committee", OWN_READERS | {F: 404, FD: 404}),
    "documents:board_upload": ("committee", only(R, O, S, SU)),
    # Committee administration: the committee's admins (and superusers) only.
    "organizations:manage": ("committee", ADMINS),
    "organizations:manage_create": ("committee", ADMINS),
    "tracking_organizations:manage_merge": ("committee", ADMINS),
    "tracking_organizations:manage_committee_merge": ("committee", ADMINS),
    "organizations:manage_committee_move": ("committee", ADMINS),
    "organizations:manage_rename": ("organization", ADMINS),
    "tracking_organizations:manage_end": ("organization", ADMINS),
    "organizations:manage_people": ("committee", ADMINS),
    "organizations:manage_person_create": ("committee", ADMINS),
    "organizations:manage_person": ("person", ADMINS),
    "organizations:manage_password": ("person", ADMINS),
    "organizations:manage_role_grant": ("person", ADMINS),
    "organizations:manage_unlock": ("person", dict.fromkeys(SIGNED_IN, 405)),
    "organizations:manage_role_end": ("role", dict.fromkeys(SIGNED_IN, 405)),
    "organizations:manage_import": ("committee", ADMINS),
    "documents:profile": ("committee", ADMINS),
}

# What an empty POST to an own object answers, where it is not what the GET answers.
# Pages that only read answer 405; actions answer those allowed with a redirect back.
READ_ONLY = {
    "home",
    "healthz",
    "account",
    "password_change_done",
    "sessions",
    "notifications:list",
    "organizations:list",
    "tracking_organizations:detail",
    "meetings:list",
    "meetings:detail",
    "meetings:print",
    "conclusions:follow_up",
    "meetings:history",
    "search:results",
    "tracking:dashboard",
    "tracking:directive",
    "tracking:proposals",
    "documents:notice",
    "documents:proposals",
    "documents:summary_draft",
    "documents:signed_notice_file",
    "documents:attachment",
    "documents:board_sheet",
    "organizations:manage",
    "organizations:manage_people",
    "organizations:manage_person",
    "meetings:removed",
    "meetings:attendance_rows",
}
POST = {
    "password_change_done": {A: 302, **dict.fromkeys(SIGNED_IN, 405)},
    "documents:report_files": only(R, S, SU),  # uploading: those who may edit the report
    "documents:signed_notice": only(S, SU),
    "tracking:board": only(S, SU),  # updating many directives at once: staff
    "login": {A: 200, **dict.fromkeys(SIGNED_IN, 302)},
    "logout": {A: 302, **dict.fromkeys(SIGNED_IN, 302)},
    "two_factor_verify": dict.fromkeys(SIGNED_IN, 302),
    "session_end": dict.fromkeys(SIGNED_IN, 302),
    "language_choice": dict.fromkeys(SIGNED_IN, 200),  # nothing chosen: the page again, its summary
    "notifications:read": only(R, status=302),  # the own notification is Khôi's
    "notifications:read_all": dict.fromkeys(SIGNED_IN, 302),
    "keep_alive": {A: 401, **dict.fromkeys(SIGNED_IN, 204)},
    "meetings:report_draft": {A: 401, **only(R, S, SU)},
    "meetings:conclusion_draft": {A: 401, **only(S, SU)},
    "meetings:report_accept": only(S, SU, status=200),
    "meetings:report_return": only(S, SU, status=200),
    "meetings:reports_remind": only(S, SU, status=302),  # the late reminded, back to the page
    "conclusions:issue": only(S, L, SU, status=200),
    "meetings:restore": only(S, D, SU, status=302),
    "documents:attachment_delete": only(S, R, SU, status=302),
    "organizations:manage_unlock": only(D, SU, status=302),
    "organizations:manage_role_end": only(D, SU, status=302),
}
# Framework URLs that are not pages of ours.
IGNORED = {"set_language", "javascript-catalog"}


def all_url_names(patterns=None, namespace=""):
    """Names of the site's URL patterns, Django's admin left out (walked below)."""
    names = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names += all_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.append(f"{namespace}{entry.name}")
    return names


def test_every_url_is_in_the_matrix():
    names = set(all_url_names()) - IGNORED
    assert sorted(names - set(MATRIX)) == [], "add these URLs to the permission matrix"
    assert sorted(set(MATRIX) - names) == [], "these URLs no longer exist"
    assert sorted((set(POST) | READ_ONLY) - names) == []


@pytest.fixture
def setup(world):
    dan_van = make_organization(world.lam_giang, "Ban Dân vận Tỉnh ủy", kind="party_body")
    meeting = make_meeting(world.lam_giang, "2024-Q1", held_on=dt.date(2024, 4, 19))
    report = make_report(meeting, world.front, status="submitted", results="<p>Báo cáo</p>")
    conclusion = Conclusion.objects.create(
        meeting=meeting, status="issued", notice_number="1-TB/TU"
    )
    directive = Directive.objects.create(conclusion=conclusion, text="Nhiệm vụ", position=1)
    DirectiveAssignment.objects.create(directive=directive, organization=dan_van, is_lead=True)

    foreign_meeting = make_meeting(world.ha_son, "2024-Q1", held_on=dt.date(2024, 4, 19))
    foreign_report = make_report(foreign_meeting, world.foreign_front, status="submitted")
    foreign_conclusion = Conclusion.objects.create(meeting=foreign_meeting, status="issued")
    foreign_directive = Directive.objects.create(conclusion=foreign_conclusion, text="x")
    attachment, foreign_attachment = (attach(r) for r in (report, foreign_report))
    proposal, foreign_proposal = (
        Proposal.objects.create(report=r, position=1, text="Kiến nghị")
        for r in (report, foreign_report)
    )
    signed, foreign_signed = (sign(c) for c in (conclusion, foreign_conclusion))

    users = {
        R: world.khoi,
        O: world.ha,
        S: world.trang,
        F: world.minh,
        L: world.bao,
        D: make_user("admin_lg", "Quản trị Lâm Giang"),
        FD: make_user("admin_hs", "Quản trị Hà Sơn"),
        SU: make_user("root", "Quản trị hệ thống", is_superuser=True, is_staff=True),
    }
    make_role(users[D], world.lam_giang, RoleKind.ADMIN)
    make_role(users[FD], world.ha_son, RoleKind.ADMIN)
    notification, foreign_notification = (
        Notification.objects.create(user=user, kind="report_returned", text="x", url="/")
        for user in (world.khoi, world.minh)
    )
    own = {
        "committee": {"query": {"committee": world.lam_giang.pk}},
        "organization": {"pk": world.front.pk},
        "meeting": {"pk": meeting.pk},
        "report": {"pk": meeting.pk, "organization_pk": report.organization_id},
        "directive": {"pk": directive.pk},
        "attachment": {"pk": attachment.pk},
        "signed": {"pk": signed.pk},
        "proposal": {"pk": proposal.pk},
        "person": {"pk": world.ha.pk},
        "role": {"pk": world.ha.roles.get().pk},
        "notification": {"pk": notification.pk},
    }
    foreign = {
        "committee": {"query": {"committee": world.ha_son.pk}},
        "organization": {"pk": world.foreign_front.pk},
        "meeting": {"pk": foreign_meeting.pk},
        "report": {"pk": foreign_meeting.pk, "organization_pk": foreign_report.organization_id},
        "directive": {"pk": foreign_directive.pk},
        "attachment": {"pk": foreign_attachment.pk},
        "signed": {"pk": foreign_signed.pk},
        "proposal": {"pk": foreign_proposal.pk},
        "person": {"pk": world.minh.pk},
        "role": {"pk": world.minh.roles.get().pk},
        "notification": {"pk": foreign_notification.pk},
    }
    missing = {
        "committee": {"query": {"committee": 999999}},
        "organization": {"pk": 999999},
        "meeting": {"pk": 999999},
        "report": {"pk": 999999, "organization_pk": 999999},
        "directive": {"pk": 999999},
        "attachment": {"pk": 999999},
        "signed": {"pk": 999999},
        "proposal": {"pk": 999999},
        "person": {"pk": 999999},
        "role": {"pk": 999999},
        "notification": {"pk": 999999},
    }
    return users, own, foreign, missing


def attach(report):
    from documents.models import ReportAttachment

    return ReportAttachment.objects.create(
        report=report,
        file=ContentFile(PDF_BYTES, name="bao-cao.pdf"),
        original_name="Báo cáo.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
    )


def sign(conclusion):
    from documents.models import SignedNotice

    return SignedNotice.objects.create(
        conclusion=conclusion,
        version=1,
        file=ContentFile(PDF_BYTES, name="ban-ky.pdf"),
        original_name="Thông báo đã ký.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
    )


def url_for(name, target):
    target = dict(target or {})
    query = target.pop("query", None)
    url = reverse(name, kwargs=target or None)
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def client_for(role, users):
    client = Client()
    if role != A:
        client.force_login(users[role])
    return client


def expected_get(name, role):
    _kind, table = MATRIX[name]
    return table.get(role, 302 if role == A else None)


def expected_post(name, role):
    if name in POST:
        return POST[name].get(role, 302 if role == A else 404)
    if name in READ_ONLY:
        return 405
    return expected_get(name, role)


def undo(name, own):
    """Puts back what an allowed role's POST used up, for the next role to try."""
    if name == "documents:attachment_delete":
        from documents.models import ReportAttachment

        ReportAttachment.all_objects.filter(pk=own["attachment"]["pk"]).update(
            archived_at=None, archived_by=None
        )


def test_the_roles_of_the_matrix_are_all_asked():
    for name, (_kind, table) in MATRIX.items():
        assert set(table) >= set(SIGNED_IN), (name, sorted(set(SIGNED_IN) - set(table)))


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_what_it_should(setup, name):
    users, own, _foreign, _missing = setup
    kind, _table = MATRIX[name]
    results, wanted = {}, {}
    for role in ROLES:
        client = client_for(role, users)
        results[role] = client.get(url_for(name, own.get(kind))).status_code
        wanted[role] = expected_get(name, role)
    assert results == wanted


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_may_post_what_it_should(setup, name):
    """An empty POST: refused (404) to those who may not, never a change for them."""
    users, own, _foreign, _missing = setup
    kind, _table = MATRIX[name]
    results, wanted = {}, {}
    for role in ROLES:
        client = client_for(role, users)
        results[role] = client.post(url_for(name, own.get(kind))).status_code
        wanted[role] = expected_post(name, role)
        undo(name, own)
    assert results == wanted


@pytest.mark.parametrize("name", sorted(n for n, (kind, _t) in MATRIX.items() if kind != "none"))
def test_foreign_objects_answer_as_missing_ones(setup, name):
    users, _own, foreign, missing = setup
    kind, _table = MATRIX[name]
    for role in SIGNED_IN:
        if role in (F, FD, SU):
            continue  # Hà Sơn's own people, and superusers: nothing is foreign to them
        client = client_for(role, users)
        for method in ("get", "post"):
            send = getattr(client, method)
            foreign_status = send(url_for(name, foreign[kind])).status_code
            missing_status = send(url_for(name, missing[kind])).status_code
            if (method == "post" and name in READ_ONLY) or (
                method == "get" and expected_get(name, role) == 405
            ):
                wanted = 405
            elif method == "get" and name in BACK_ON_GET:
                wanted = 302
            else:
                wanted = 404
            assert (foreign_status, missing_status) == (wanted, wanted), (role, method)


# --- Django's admin: every pattern, for superusers only ----------------------------


def admin_patterns():
    """(pattern's route, name, model admin or None) for every URL of Django's admin."""
    found = []

    def walk(patterns, prefix, model_admin):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route, model_admin)
            else:
                owner = getattr(entry.callback, "model_admin", None) or model_admin
                found.append((route, entry.name, owner))

    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "admin":
            for inner in entry.url_patterns:
                model_admin = next(
                    (
                        ma
                        for model, ma in admin.site._registry.items()
                        if str(inner.pattern)
                        == f"{model._meta.app_label}/{model._meta.model_name}/"
                    ),
                    None,
                )
                if isinstance(inner, URLResolver):
                    walk(inner.url_patterns, str(inner.pattern), model_admin)
                else:
                    found.append((str(inner.pattern), inner.name, None))
    return found


def admin_url(route: str, model_admin, ids: dict) -> str | None:
    """The route filled in with a real object of its model (and one of its history
    rows), or None when there is none to show."""
    model = model_admin.model if model_admin else None
    obj = model._default_manager.order_by("pk").first() if model is not None else None
    path = route.replace("^", "").replace("$", "")
    if "(?P<url>" in path:
        return "/admin/no-such-page/"
    if "(?P<app_label>" in path:
        return "/admin/organizations/"
    if "<path:content_type_id>" in path:
        return None  # view_on_site: no model here has get_absolute_url under the admin
    if "([^/]+)/history/([^/]+)" in path:
        if obj is None or not hasattr(obj, "history"):
            return None
        history = obj.history.order_by("pk").values_list("pk", flat=True).first()
        path = re.sub(r"\(\[\^/\]\+\)/history/\(\[\^/\]\+\)", f"{obj.pk}/history/{history}", path)
    for placeholder in ("<path:object_id>", "<int:pk>", "<id>"):
        if placeholder in path:
            if obj is None:
                return None
            path = path.replace(placeholder, str(obj.pk))
    return "/admin/" + path


# The admin's own sign-in and sign-out pages answer everyone (they change no data).
SIGN_IN_PAGES = {"login/", "logout/"}


def test_django_admin_answers_only_superusers(setup, world):
    """Every URL of Django's admin, GET and POST, sends everyone but a superuser to its
    sign-in page and changes nothing; a superuser gets no server error."""
    users, _own, _foreign, _missing = setup
    before = snapshot()
    routes = [
        (route, url)
        for route, _name, model_admin in admin_patterns()
        if (url := admin_url(route, model_admin, {})) is not None
    ]
    assert len(routes) >= 60
    for role in [A, R, O, S, F, L, D, FD]:
        client = client_for(role, users)
        for route, url in routes:
            if route in SIGN_IN_PAGES:
                continue
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert response.status_code == 302, (role, method, route, url)
                assert response["Location"].startswith("/admin/login/"), (role, route)
    assert snapshot() == before
    superuser = client_for(SU, users)
    superuser.raise_request_exception = True
    for route, url in routes:
        assert superuser.get(url).status_code < 500, route


def test_nobody_reverts_a_committee_from_its_history(setup, world):
    users, _own, _foreign, _missing = setup
    committee = world.ha_son
    history = committee.history.order_by("pk").values_list("pk", flat=True).first()
    url = f"/admin/organizations/partycommittee/{committee.pk}/history/{history}/"
    for role in ROLES:
        client_for(role, users).post(url, {"name": "Đổi tên", "level": "province"})
    committee.refresh_from_db()
    assert committee.name == "Tỉnh ủy Hà Sơn"


def snapshot():
    """What the admin's POSTs could have changed."""
    return (
        list(PartyCommittee.objects.order_by("pk").values()),
        list(Organization.objects.order_by("pk").values()),
        list(Role.objects.order_by("pk").values()),
    )


def test_admin_patterns_are_all_reached():
    reached = [route for route, _n, _ma in admin_patterns()]
    assert any("history/([^/]+)" in route for route in reached)
    assert any("password" in route for route in reached)
