"""The conclusion and report forms: their repeated rows are written once (no template per
row, per field or per option; issue 19), so a form of 40 rows renders as many templates
and runs as many queries as one of 2; and a row sent back with an error shows what the
user typed, the selected organizations still selected, the error beside its field."""

import datetime as dt
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from meetings.forms import DirectiveForm
from meetings.models import Conclusion, Directive, Proposal
from organizations.models import RoleKind
from tests.factories import (
    make_committee,
    make_meeting,
    make_organization,
    make_report,
    make_role,
    make_user,
)
from tracking.models import DirectiveAssignment

D = dt.date
SIZES = (2, 40)


def committee_of(number: int):
    """A committee of its own, four organizations, and its staff member signed in."""
    committee = make_committee(f"Tỉnh ủy Thử nghiệm {number}")
    organizations = [
        make_organization(committee, f"Tổ chức số {n} của tỉnh {number}", kind="other")
        for n in range(1, 5)
    ]
    staff = make_user(f"canbo{number}", f"Cán bộ số {number}")
    make_role(staff, committee, RoleKind.STAFF)
    client = Client()
    client.force_login(staff)
    return committee, organizations, client


def issued_meeting(committee, organizations, size: int):
    """Quý I/2024, concluded with ``size`` directives, each given to two organizations
    (unfinished: they come back on the next conclusion and the next reports), and the
    first organization's report with ``size`` answered proposals."""
    meeting = make_meeting(committee, "2024-Q1", held_on=D(2024, 4, 19))
    conclusion = Conclusion.objects.create(
        meeting=meeting, status="issued", notice_number="45-TB/TU", issued_on=D(2024, 4, 22)
    )
    directives = Directive.objects.bulk_create(
        Directive(
            conclusion=conclusion,
            position=n,
            text=f"Nhiệm vụ kỳ trước số {n}",
            due_period_year=2024,
            due_period_kind="Q2",
            deadline=D(2024, 6, 30),
        )
        for n in range(1, size + 1)
    )
    lead, other = organizations[:2]
    DirectiveAssignment.objects.bulk_create(
        DirectiveAssignment(directive=d, organization=org, is_lead=org == lead)
        for d in directives
        for org in (lead, other)
    )
    report = make_report(meeting, lead, status="accepted")
    Proposal.objects.bulk_create(
        Proposal(
            report=report,
            position=n,
            text=f"Kiến nghị kỳ trước số {n}",
            addressed_to="Thường trực Tỉnh ủy",
            disposition="answered",
            response=f"Trả lời số {n}",
        )
        for n in range(1, size + 1)
    )
    return meeting


def directive_row(index: int, text: str, lead, co_assignees, **extra) -> dict:
    return {
        f"directives-{index}-text": text,
        f"directives-{index}-lead": lead.pk if lead else "",
        f"directives-{index}-co_assignees": [o.pk for o in co_assignees],
        f"directives-{index}-due_period": "2024-Q3",
        **{f"directives-{index}-{name}": value for name, value in extra.items()},
    }


def conclusion_post(rows: list[dict], **extra) -> dict:
    data = {
        "notice_number": "",
        "issued_on": "",
        "assessment": "<p>Đánh giá.</p>",
        "shortcomings": "",
        "orientation": "<p>Phương hướng.</p>",
        "directives-TOTAL_FORMS": str(len(rows)),
        "directives-INITIAL_FORMS": "0",
    }
    for row in rows:
        data.update(row)
    data.update(extra)
    return data


def rendered(client, url, data=None) -> tuple[int, int, str]:
    """Queries and templates of one render of ``url`` (a GET, or a POST sent back), and
    its HTML."""
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data) if data else client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries), len(response.templates), response.content.decode()


def conclusion_form_costs(size: int, number: int) -> dict[str, tuple[int, int]]:
    committee, organizations, client = committee_of(number)
    issued_meeting(committee, organizations, size)
    meeting = make_meeting(committee, "2024-Q2", held_on=D(2024, 7, 15))
    url = reverse("conclusions:edit", args=[meeting.pk])
    a, b, c, _d = organizations
    rows = [directive_row(i, f"Nhiệm vụ số {i}", a, [b, c]) for i in range(size)]
    saved = client.post(url, conclusion_post(rows))
    assert saved.status_code == 302
    assert Directive.objects.filter(conclusion__meeting=meeting).count() == size
    queries, templates, html = rendered(client, url)
    # The rows and the empty row.
    assert html.count('<div class="formset-row" data-formset-row>') == size + 1
    assert html.count('<div class="formset-row">') == size  # the earlier directives
    refused, refused_templates, html = rendered(
        client, url, conclusion_post(rows, notice_number="không hợp lệ")
    )
    # Each row's due period, and the empty row's (the next quarter by default).
    assert html.count('<option value="2024-Q3" selected>') == size + 1
    return {"opened": (queries, templates), "refused": (refused, refused_templates)}


def test_the_conclusion_form_costs_the_same_with_2_or_40_directives(world):
    costs = {size: conclusion_form_costs(size, number) for number, size in enumerate(SIZES)}
    print("conclusion form (queries, templates):", costs)

    assert costs[2] == costs[40], costs


def report_form_costs(size: int, number: int) -> dict[str, tuple[int, int]]:
    committee, organizations, client = committee_of(number)
    issued_meeting(committee, organizations, size)
    meeting = make_meeting(committee, "2024-Q2", held_on=D(2024, 7, 15))
    report = make_report(meeting, organizations[0])
    Proposal.objects.bulk_create(
        Proposal(report=report, position=n, text=f"Kiến nghị số {n}", addressed_to="Tỉnh ủy")
        for n in range(1, size + 1)
    )
    url = reverse("reports:edit", args=[meeting.pk, organizations[0].pk])
    queries, templates, html = rendered(client, url)
    # The proposals and the empty row.
    assert html.count('<div class="formset-row" data-formset-row>') == size + 1
    assert html.count("formset-row followup") == size  # the directives to report on
    assert html.count("Trả lời số") == size  # the answers of the previous meeting
    return {"opened": (queries, templates)}


def test_the_report_form_costs_the_same_with_2_or_40_proposals_and_directives(world):
    costs = {size: report_form_costs(size, number) for number, size in enumerate(SIZES)}
    print("report form (queries, templates):", costs)

    assert costs[2] == costs[40], costs


def select_of(html: str, name: str) -> str:
    found = re.search(rf'<select name="{re.escape(name)}"[^>]*>.*?</select>', html, re.S)
    assert found, name
    return found.group(0)


def selected_in(html: str, name: str) -> set[str]:
    if name.endswith("co_assignees"):  # a list of checkboxes (issue 18)
        box = rf'<input type="checkbox" name="{re.escape(name)}" value="([^"]*)"[^>]*'
        assert re.search(box, html), name
        return set(re.findall(box + " checked>", html))
    return set(re.findall(r'<option value="([^"]*)" selected>', select_of(html, name)))


def test_a_refused_conclusion_comes_back_as_typed_with_each_error_beside_its_field(
    client, world, meeting, dan_van
):
    client.force_login(world.trang)
    url = reverse("conclusions:edit", args=[meeting.pk])
    data = conclusion_post(
        [
            directive_row(0, "Tổng hợp kiến nghị <của> Mặt trận", dan_van, [world.front]),
            directive_row(1, "Chuẩn bị Đại hội", None, [world.farmers, world.front]),
            directive_row(2, "Báo cáo sơ kết", world.farmers, [], due_date="2024-01-01"),
        ]
    )

    response = client.post(url, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert Directive.objects.count() == 0
    # What was typed and chosen, row by row.
    assert "Tổng hợp kiến nghị &lt;của&gt; Mặt trận</textarea>" in html
    assert selected_in(html, "directives-0-lead") == {str(dan_van.pk)}
    assert selected_in(html, "directives-0-co_assignees") == {str(world.front.pk)}
    assert selected_in(html, "directives-1-lead") == {""}
    assert selected_in(html, "directives-1-co_assignees") == {
        str(world.farmers.pk),
        str(world.front.pk),
    }
    assert selected_in(html, "directives-2-lead") == {str(world.farmers.pk)}
    assert selected_in(html, "directives-2-co_assignees") == set()
    assert 'value="2024-01-01"' in html
    # The empty row (for rows added on the page) has nothing selected but the defaults.
    template = html[html.index("<template data-formset-template>") :]
    assert selected_in(template, "directives-__prefix__-lead") == {""}
    assert selected_in(template, "directives-__prefix__-co_assignees") == set()
    # Every field has its label; the errors are beside their fields, marked invalid.
    for index in range(3):
        for name in ("text", "lead", "co_assignees", "due_date", "due_period"):
            label = escape(str(DirectiveForm.base_fields[name].label))
            if name == "co_assignees":  # a list of checkboxes under its legend (issue 18)
                assert (
                    f'<fieldset id="div_id_directives-{index}-co_assignees" class="mb-3">'
                    f'<legend class="form-label fs-6">{label}</legend>'
                ) in html, index
                continue
            assert re.search(
                rf'<label\s+for="id_directives-{index}-{name}" class="form-label[^"]*">\s*'
                rf"{re.escape(label)}",
                html,
            ), (index, name)
    lead_error = escape(
        gettext("Choose the organization in charge, or address it to all organizations.")
    )
    assert re.search(
        r'<select name="directives-1-lead" [^>]*class="[^"]*is-invalid[^"]*"[^>]*>.*?</select>\s*'
        r'<div id="id_directives-1-lead_error" class="invalid-feedback">\s*'
        rf'<p id="error_1_id_directives-1-lead"><strong>{re.escape(lead_error)}</strong>',
        html,
        re.S,
    )
    assert re.search(r'<select name="directives-1-lead"[^>]*aria-invalid="true"', html)
    assert 'id="error_1_id_directives-2-due_date"' in html
    assert 'id="error_1_id_directives-0-lead"' not in html
