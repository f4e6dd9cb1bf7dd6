"""Every URL × every role × own, foreign and missing objects.

The URL list comes from the URL configuration: a view added without an entry
here makes ``test_every_url_is_in_the_matrix`` fail, so nobody adds a page
without saying who may see it. A foreign object must answer exactly as a
missing one (404), never 403, so that its existence does not leak.
"""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from meetings.models import Conclusion, Directive, DirectiveAssignment, Proposal
from organizations.models import RoleKind
from tests.factories import make_meeting, make_organization, make_report, make_role, make_user

PDF_BYTES = b"%PDF-1.4\n% test\n%%EOF\n"
ROLES = ["anonymous", "reporter", "other_reporter", "staff", "foreign_staff", "leader", "admin"]
A, R, O, S, F, L, D = ROLES  # noqa: E741 (short names for the table below)
READERS = {R: 200, O: 200, S: 200, L: 200, D: 200}
SIGNED_IN = {**READERS, F: 200}
ADMINS = {R: 404, O: 404, S: 404, F: 404, L: 404, D: 200}  # committee administration pages

# url name -> (what the URL is about, expected status per role for a GET on an own object).
# Anonymous visitors are always sent to sign in (302) unless said otherwise.
MATRIX = {
    "home": ("none", SIGNED_IN),
    "healthz": ("none", {A: 200, **dict.fromkeys(SIGNED_IN, 200)}),
    "account": ("none", SIGNED_IN),
    "login": ("none", {A: 200, **dict.fromkeys(SIGNED_IN, 302)}),
    "logout": ("none", {A: 405, **dict.fromkeys(SIGNED_IN, 405)}),
    "password_change": ("none", SIGNED_IN),
    "password_change_done": ("none", SIGNED_IN),
    "sessions": ("none", SIGNED_IN),
    "two_factor_setup": ("none", SIGNED_IN),
    "two_factor_verify": ("none", dict.fromkeys(SIGNED_IN, 302)),  # no device: back home
    "session_end": ("none", dict.fromkeys(SIGNED_IN, 405)),
    "organizations:list": ("committee", {**READERS, F: 404}),
    "organizations:detail": ("organization", {**READERS, F: 404}),
    "meetings:list": ("none", SIGNED_IN),
    "meetings:create": ("none", {R: 404, O: 404, S: 200, F: 200, L: 404, D: 404}),
    "meetings:detail": ("meeting", {**READERS, F: 404}),
    "meetings:print": ("meeting", {**READERS, F: 404}),
    "meetings:history": ("meeting", {R: 404, O: 404, S: 200, F: 404, L: 404, D: 404}),
    "meetings:edit": ("meeting", {R: 404, O: 404, S: 200, F: 404, L: 404, D: 404}),
    "meetings:next": ("meeting", {R: 404, O: 404, S: 200, F: 404, L: 404, D: 404}),
    "meetings:report": ("report", {R: 200, O: 404, S: 200, F: 404, L: 404, D: 404}),
    "meetings:report_accept": ("report", dict.fromkeys(SIGNED_IN, 405)),
    "meetings:report_return": ("report", dict.fromkeys(SIGNED_IN, 405)),
    "meetings:conclusion": ("meeting", {R: 404, O: 404, S: 200, F: 404, L: 404, D: 404}),
    "meetings:conclusion_issue": ("meeting", dict.fromkeys(SIGNED_IN, 405)),
    "meetings:removed": ("committee", {R: 404, O: 404, S: 200, F: 404, L: 404, D: 200}),
    "meetings:restore": ("committee", dict.fromkeys(SIGNED_IN, 405)),
    "search:results": ("none", SIGNED_IN),
    "tracking:board": ("committee", {**READERS, F: 404}),
    "tracking:dashboard": ("committee", {**READERS, F: 404}),
    "tracking:directive": ("directive", {**READERS, F: 404}),
    "tracking:proposals": ("committee", {R: 404, O: 404, S: 200, F: 404, L: 200, D: 404}),
    "tracking:proposal_answer": ("proposal", {R: 404, O: 404, S: 200, F: 404, L: 404, D: 404}),
    "documents:notice": ("meeting", {**READERS, F: 404}),
    "documents:proposals": ("meeting", {R: 404, O: 404, S: 200, F: 404, L: 200, D: 404}),
    "documents:signed_notice": ("meeting", {**READERS, F: 404}),
    "documents:signed_notice_file": ("signed", {**READERS, F: 404}),
    "documents:report_files": ("report", {**READERS, F: 404}),
    "documents:attachment": ("attachment", {**READERS, F: 404}),
    # Removing a file (POST): tested per role in tests/documents/test_uploads.py
    # (test_removing_a_file_is_for_those_who_may_edit_the_report), because the first
    # allowed role's removal would leave nothing for the next role to try.
    "documents:attachment_delete": ("attachment", dict.fromkeys(SIGNED_IN, 405)),
    "documents:board_sheet": ("committee", {**READERS, F: 404}),
    "documents:board_upload": ("committee", {R: 200, O: 200, S: 200, F: 404, L: 404, D: 404}),
    "organizations:manage": ("committee", ADMINS),
    "organizations:manage_create": ("committee", ADMINS),
    "organizations:manage_merge": ("committee", ADMINS),
    "organizations:manage_rename": ("organization", ADMINS),
    "organizations:manage_end": ("organization", ADMINS),
    "organizations:manage_people": ("committee", ADMINS),
    "organizations:manage_person_create": ("committee", ADMINS),
    "organizations:manage_person": ("person", ADMINS),
    "organizations:manage_password": ("person", ADMINS),
    "organizations:manage_role_grant": ("person", ADMINS),
    "organizations:manage_unlock": ("person", dict.fromkeys(SIGNED_IN, 405)),
    "organizations:manage_role_end": ("role", dict.fromkeys(SIGNED_IN, 405)),
    "organizations:manage_import": ("committee", ADMINS),
    "documents:profile": ("committee", ADMINS),
    "admin:index": ("none", {A: 302, R: 302, O: 302, S: 302, F: 302, L: 302, D: 302}),
}
# POST actions: who may do them (others get 404, anonymous a redirect to sign in).
POST_ALLOWED = {
    "organizations:manage_unlock": {D},
    "organizations:manage_role_end": {D},
    "meetings:report_accept": {S},
    "meetings:report_return": {S},
    "meetings:conclusion_issue": {S, L},
    "meetings:restore": {S, D},
}
# Framework URLs that are not pages of ours.
IGNORED = {"set_language", "javascript-catalog"}


def all_url_names(patterns=None, namespace=""):
    names = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                names.append("admin:index")
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names += all_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.append(f"{namespace}{entry.name}")
    return names


def test_every_url_is_in_the_matrix():
    missing = sorted(set(all_url_names()) - set(MATRIX) - IGNORED)
    assert missing == [], f"add these URLs to the permission matrix: {missing}"


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
    }
    make_role(users[D], world.lam_giang, RoleKind.ADMIN)
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
    from django.urls import reverse

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


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_what_it_should(setup, name):
    users, own, foreign, missing = setup
    kind, expected = MATRIX[name]
    results = {}
    for role in ROLES:
        client = client_for(role, users)
        status = client.get(url_for(name, own.get(kind))).status_code
        results[role] = status
    wanted = {role: expected.get(role, 302 if role == A else None) for role in ROLES}
    assert results == wanted


@pytest.mark.parametrize("name", sorted(n for n, (kind, _e) in MATRIX.items() if kind != "none"))
def test_foreign_objects_answer_as_missing_ones(setup, name):
    users, own, foreign, missing = setup
    kind, expected = MATRIX[name]
    for role in ROLES[1:]:
        if role == F:
            continue  # the foreign committee's own staff: their objects are not foreign
        client = client_for(role, users)
        foreign_status = client.get(url_for(name, foreign[kind])).status_code
        missing_status = client.get(url_for(name, missing[kind])).status_code
        if expected.get(role) == 405:
            assert (foreign_status, missing_status) == (405, 405), role
        else:
            assert (foreign_status, missing_status) == (404, 404), (role, name)


@pytest.mark.parametrize("name", sorted(POST_ALLOWED))
def test_actions_only_for_those_allowed(setup, name):
    users, own, _foreign, _missing = setup
    kind, _expected = MATRIX[name]
    for role in ROLES:
        client = client_for(role, users)
        status = client.post(url_for(name, own[kind])).status_code
        if role == A:
            assert status == 302
        elif role in POST_ALLOWED[name]:
            assert status == 302, role
        else:
            assert status == 404, (role, name)
