"""No input gives a 500: junk posted to every field of every form of every page.

The forms are not listed here: the test visits every page of the site as each role
(own objects, in every state that offers a form) and reads the POST forms from the
HTML, hidden and select fields included. Each form is then sent junk: wrong types,
other committees' ids, huge values, missing fields, several values for one field.
``test_every_post_endpoint_has_a_form_here`` fails when a view that takes POST is not
reached through a form of some page, so a new form cannot escape.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.models import Conclusion, Directive, Proposal
from notifications.models import Notification
from organizations.models import RoleKind
from tests.factories import make_meeting, make_report, make_role, make_user
from tests.security.forms_on_pages import Form, post_forms
from tests.security.test_permission_matrix import (
    IGNORED,
    READ_ONLY,
    all_url_names,
    attach,
    sign,
    url_for,
)
from tracking.models import DirectiveAssignment

# Posted to by the test below on purpose, not through a form it fuzzes: signing out
# and ending sessions would only sign the fuzzing client out.
NOT_FUZZED = {"logout", "session_end"}
# Posted to by the pages' scripts (static/js/typed-text.js), never by a form; junk for
# them is in tests/meetings/test_drafts.py.
SCRIPTED = {"keep_alive", "meetings:report_draft", "meetings:conclusion_draft"}

JUNK_TEXT = st.one_of(
    st.text(max_size=200),
    st.just("x" * 30000),
    st.just("\x00\x01\x1b[31m"),
    st.just("<script>alert('x')</script>"),
    st.just("2024-02-30"),
    st.just("31/12/99999"),
    st.just("9" * 40),
    st.just("-1"),
    st.just("0"),
    st.just("1.5"),
    st.just("abc"),
    st.just("NaN"),
    st.just("true"),
    st.just(""),
)


def field_value(field, foreign_ids):
    """A strategy for one field: the page's own value, a valid choice, or junk."""
    choices = [st.just(field.value), JUNK_TEXT, st.sampled_from(foreign_ids)]
    if field.options:
        choices.append(st.sampled_from(field.options))
    one = st.one_of(*choices).map(str)
    return st.one_of(
        one.map(lambda v: [v]),
        st.lists(one, min_size=2, max_size=4),  # several values for one field
        st.just(None),  # the field left out
    )


FILE_CONTENT = st.one_of(
    st.binary(max_size=500),
    st.just(b"%PDF-1.4\n%%EOF\n"),
    st.just(b"PK\x03\x04" + b"\x00" * 100),
)


def junk_for(form: Form, foreign_ids):
    fields = {name: field_value(f, foreign_ids) for name, f in form.fields.items()}
    files = {
        name: st.one_of(st.none(), FILE_CONTENT)
        for name, f in form.fields.items()
        if f.kind == "file"
    }
    button = st.sampled_from(form.buttons) if form.buttons else st.none()
    return st.fixed_dictionaries(
        {"fields": st.fixed_dictionaries(fields), "files": st.fixed_dictionaries(files)}
    ), button


@pytest.fixture
def site(world, dan_van):
    """Every state in which a page offers a form, for Lâm Giang; objects of Hà Sơn to
    be sent as foreign ids."""
    meeting = make_meeting(world.lam_giang, "2024-Q1", held_on=dt.date(2024, 4, 19))
    submitted = make_report(meeting, world.front, status="submitted", results="<p>Báo cáo</p>")
    make_report(meeting, world.farmers, status="draft", results="<p>Nháp</p>")
    issued = Conclusion.objects.create(meeting=meeting, status="issued", notice_number="1-TB/TU")
    directive = Directive.objects.create(conclusion=issued, text="Nhiệm vụ", position=1)
    DirectiveAssignment.objects.create(directive=directive, organization=world.front, is_lead=True)
    attachment = attach(submitted)
    signed = sign(issued)
    proposal = Proposal.objects.create(report=submitted, position=1, text="Kiến nghị")
    removed = Proposal.objects.create(report=submitted, position=2, text="Kiến nghị đã xóa")
    removed.archive(world.trang)  # the list of removed items offers to restore it
    AccessAttempt.objects.create(  # Hà is locked out: her page offers to lift it
        username=world.ha.username,
        ip_address="127.0.0.1",
        user_agent="test",
        failures_since_start=99,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
    )

    # Khôi's notifications page offers to mark one read, and all.
    Notification.objects.create(user=world.khoi, kind="report_returned", text="x", url="/")

    # Its reports are overdue: staff's page offers to remind the late organizations.
    draft_meeting = make_meeting(
        world.lam_giang,
        "2024-Q2",
        held_on=dt.date(2024, 7, 19),
        reports_due_on=dt.date(2024, 7, 14),
    )
    make_report(draft_meeting, world.front, status="draft")
    Conclusion.objects.create(meeting=draft_meeting, status="draft")

    foreign_meeting = make_meeting(world.ha_son, "2024-Q1", held_on=dt.date(2024, 4, 19))
    foreign_report = make_report(foreign_meeting, world.foreign_front, status="submitted")
    foreign_conclusion = Conclusion.objects.create(meeting=foreign_meeting, status="issued")
    foreign_directive = Directive.objects.create(conclusion=foreign_conclusion, text="x")
    foreign_attachment = attach(foreign_report)
    foreign_ids = sorted(
        {
            str(pk)
            for pk in (
                world.ha_son.pk,
                world.foreign_front.pk,
                foreign_meeting.pk,
                foreign_report.pk,
                foreign_conclusion.pk,
                foreign_directive.pk,
                foreign_attachment.pk,
                world.minh.pk,
            )
        }
    )

    root = make_user("root", "Quản trị hệ thống", is_superuser=True, is_staff=True)
    admin = make_user("admin_lg", "Quản trị Lâm Giang")
    make_role(admin, world.lam_giang, RoleKind.ADMIN)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    two_factor = make_user("hai_buoc", "Người dùng xác thực hai bước")
    make_role(two_factor, world.lam_giang, RoleKind.STAFF)
    TOTPDevice.objects.create(user=two_factor, name="Điện thoại", confirmed=True)
    users = {
        "anonymous": None,
        "two_factor": two_factor,
        "staff": world.trang,
        "reporter": world.khoi,
        "leader": world.bao,
        "admin": admin,
        "superuser": root,
    }
    targets = []
    for m in (meeting, draft_meeting):
        targets += [
            {"pk": m.pk},
            {"pk": m.pk, "organization_pk": world.front.pk},
            {"pk": m.pk, "organization_pk": world.farmers.pk},
        ]
    targets += [
        {"query": {"committee": world.lam_giang.pk}},
        {"pk": world.front.pk},
        {"pk": directive.pk},
        {"pk": attachment.pk},
        {"pk": signed.pk},
        {"pk": proposal.pk},
        {"pk": world.ha.pk},
        {"pk": world.ha.roles.get().pk},
        None,
    ]
    return users, targets, foreign_ids


def pages_with_forms(users, targets) -> dict[tuple[str, str], tuple[str, Form]]:
    """(role, form path) -> (role, form) for every POST form any page shows a role."""
    from django.urls import NoReverseMatch

    found: dict[tuple[str, str], tuple[str, Form]] = {}
    names = sorted(set(all_url_names()) - IGNORED)
    for role, user in users.items():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        seen_urls = set()
        for name in names:
            for target in targets:
                try:
                    url = url_for(name, target)
                except NoReverseMatch:
                    continue
                if url in seen_urls:
                    continue
                seen_urls.add(url)
                response = client.get(url)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                for form in post_forms(response.content.decode(), url):
                    key = (role, form.path)
                    # Keep the richest variant of a form (most fields).
                    if key not in found or len(form.fields) > len(found[key][1].fields):
                        found[key] = (role, form)
    return found


def url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


@pytest.mark.django_db
def test_every_post_endpoint_has_a_form_here(site):
    users, targets, _foreign = site
    reached = {url_name(form.path) for _role, form in pages_with_forms(users, targets).values()}
    endpoints = set(all_url_names()) - IGNORED - READ_ONLY - NOT_FUZZED - SCRIPTED
    missing = sorted(endpoints - reached)
    assert not missing, f"no page in the test offers a form for these: {missing}"


# Derandomized: the same examples on every run, so that CI never fails now and then; the
# examples still cover every field of every form (a new form brings new ones).
SETTINGS = settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def fuzzer(form: Form, client: Client, role: str, foreign_ids):
    """A hypothesis test posting junk to ``form`` as ``client``."""
    data_strategy, button_strategy = junk_for(form, foreign_ids)
    token = form.fields.get("submission_token")

    @SETTINGS
    @given(junk=data_strategy, button=button_strategy)
    def post_junk(junk, button):
        data = {name: values for name, values in junk["fields"].items() if values is not None}
        if token is not None and data.get("submission_token") == [token.value]:
            data["submission_token"] = [uuid.uuid4().hex]  # a fresh form each time
        for name, content in junk["files"].items():
            if content is not None:
                data[name] = SimpleUploadedFile("tep.pdf", content)
        if button is not None:
            data[button[0]] = button[1]
        response = client.post(form.action, data)
        shown = {
            k: [str(v)[:40] for v in (vs if isinstance(vs, list) else [vs])]
            for k, vs in data.items()
        }
        assert response.status_code < 500, (role, form.action, shown)

    return post_junk


@pytest.mark.django_db
def test_junk_in_every_field_of_every_form_gives_no_server_error(site):
    users, targets, foreign_ids = site
    forms = pages_with_forms(users, targets)
    assert len(forms) >= 15, sorted(forms)
    posted = 0
    for (role, _path), (_role, form) in sorted(forms.items()):
        if url_name(form.path) in NOT_FUZZED:
            continue
        client = Client(raise_request_exception=False)
        if users[role] is not None:
            client.force_login(users[role])
        post_junk = fuzzer(form, client, role, foreign_ids)
        post_junk()
        posted += 1
    assert posted >= 15


@pytest.mark.django_db
def test_reading_pages_refuse_posts(site):
    """A page that only reads answers a POST with 405, so that it cannot be a hidden
    way to change anything."""
    users, targets, _foreign = site
    client = Client()
    client.force_login(users["superuser"])
    for name in sorted(READ_ONLY - {"admin:index"}):
        for target in targets:
            try:
                url = url_for(name, target)
            except Exception:  # noqa: BLE001 (this target does not fit this URL)
                continue
            assert client.post(url).status_code == 405, url
            break
