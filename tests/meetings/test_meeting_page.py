"""The meeting page shows reports, files, cited documents, the conclusion and its signed
copy in a fixed number of queries, whatever the number of reports and directives."""

import datetime as dt

import pytest
from django.urls import reverse

from documents.models import ReportAttachment, SignedNotice
from meetings.models import Attendance, Citation, Conclusion, Directive, Proposal
from meetings.views.meetings import _organizations
from organizations import services as organization_services
from organizations.models import Organization, dated_name
from tests.factories import make_meeting, make_organization, make_report
from tracking.models import DirectiveAssignment

pytestmark = pytest.mark.usefixtures("no_page_cache")


def file_row(model, n, **fields):
    return model.objects.create(
        original_name=f"bao-cao-{n}.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        file=f"files/{n}.pdf",
        **fields,
    )


def fill(meeting, organizations, *, directives: int, files: int):
    """A report with a proposal, a citation and ``files`` files for each organization; an
    issued conclusion with ``directives`` directives and two signed versions."""
    for org in organizations:
        report = make_report(
            meeting, org, status="submitted", results=f"<p>Kết quả của {org.name}.</p>"
        )
        Proposal.objects.create(report=report, position=1, text=f"Kiến nghị của {org.name}")
        Citation.objects.create(report=report, code=f"{org.pk}-CV/TU", label=f"{org.pk}-CV/TU")
        for n in range(files):
            file_row(ReportAttachment, f"{org.pk}-{n}", report=report)
    conclusion = Conclusion.objects.create(
        meeting=meeting,
        status="issued",
        notice_number="45-TB/TU",
        issued_on=dt.date(2024, 7, 20),
        orientation="<p>Tập trung chuẩn bị Đại hội.</p>",
    )
    Citation.objects.create(conclusion=conclusion, code="12-KL/TW", label="Kết luận 12-KL/TW")
    for position in range(1, directives + 1):
        directive = Directive.objects.create(
            conclusion=conclusion, position=position, text=f"Nhiệm vụ số {position}"
        )
        for org in organizations:
            DirectiveAssignment.objects.create(
                directive=directive, organization=org, is_lead=org == organizations[0]
            )
    for version in (1, 2):
        file_row(SignedNotice, f"signed-{version}", conclusion=conclusion, version=version)


def test_the_page_shows_files_citations_and_the_signed_version(client, world):
    meeting = make_meeting(world.lam_giang, "2024-Q2", held_on=dt.date(2024, 7, 15))
    fill(meeting, [world.front, world.farmers], directives=2, files=3)
    organization_services.rename_organization(
        organization=world.front, name="Ủy ban MTTQ tỉnh (tên mới)", on=dt.date(2025, 1, 1)
    )
    client.force_login(world.trang)

    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()

    assert page.count("Tệp gốc (3)") == 2
    assert f"{world.front.pk}-CV/TU" in page and "Kết luận 12-KL/TW" in page
    assert "phiên bản 2" in page
    # Under the name it bore on the meeting's day.
    assert "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang" in page
    assert "(tên mới)" not in page


def test_the_page_costs_the_same_with_2_or_6_reports(client, world, django_assert_num_queries):
    client.force_login(world.trang)
    small = make_meeting(world.lam_giang, "2024-Q2", held_on=dt.date(2024, 7, 15))
    fill(small, [world.front, world.farmers], directives=1, files=1)
    others = [
        make_organization(world.lam_giang, f"Hội thử nghiệm {n}", kind="other") for n in range(4)
    ]
    large = make_meeting(world.lam_giang, "2024-Q3", held_on=dt.date(2024, 10, 15))
    fill(large, [world.front, world.farmers, *others], directives=8, files=3)
    client.get(reverse("meetings:detail", args=[small.pk]))  # the session read once

    # Session, user (with its devices), its roles; the meeting with its conclusion and the
    # latest signed version; reports (with their file counts), proposals; organizations
    # with their names and their attendance; citations; directives with their assignees.
    with django_assert_num_queries(9):
        client.get(reverse("meetings:detail", args=[small.pk]))
    with django_assert_num_queries(9):
        client.get(reverse("meetings:detail", args=[large.pk]))


def test_a_removed_file_is_not_counted(client, world):
    meeting = make_meeting(world.lam_giang, "2024-Q2", held_on=dt.date(2024, 7, 15))
    fill(meeting, [world.front, world.farmers], directives=1, files=3)
    removed = ReportAttachment.objects.filter(report__organization=world.front).first()
    ReportAttachment.objects.filter(pk=removed.pk).update(
        archived_at=dt.datetime(2024, 8, 1, tzinfo=dt.UTC)
    )
    client.force_login(world.trang)

    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()

    assert page.count("Tệp gốc (3)") == 1 and page.count("Tệp gốc (2)") == 1


def test_attendance_in_the_order_of_the_organizations(client, world):
    meeting = make_meeting(world.lam_giang, "2024-Q2", held_on=dt.date(2024, 7, 15))
    Attendance.objects.create(meeting=meeting, organization=world.farmers, present=False)
    Attendance.objects.create(
        meeting=meeting, organization=world.front, present=True, representatives="đ/c Lan"
    )
    client.force_login(world.trang)

    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()

    front = page.index(f"{world.front.name}: đ/c Lan</li>")
    farmers = page.index(f'{world.farmers.name} <span class="text-body-secondary">(')
    assert front < farmers


def test_organizations_under_the_names_of_the_meetings_day(client, world, dan_van):
    organization_services.rename_organization(
        organization=world.front, name="Mặt trận (tên thứ hai)", on=dt.date(2024, 6, 1)
    )
    organization_services.rename_organization(
        organization=world.front, name="Mặt trận (tên thứ ba)", on=dt.date(2025, 1, 1)
    )
    # The party body has ceased before the meeting: it reports no more, but its
    # attendance is still named.
    Organization.objects.filter(pk=dan_van.pk).update(valid_until=dt.date(2024, 7, 1))
    Organization.objects.filter(pk=world.farmers.pk).update(reports_at_meetings=False)
    meeting = make_meeting(world.lam_giang, "2024-Q2", held_on=dt.date(2024, 7, 15))
    Attendance.objects.create(meeting=meeting, organization=dan_van, present=True)
    client.force_login(world.trang)

    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()

    assert "Mặt trận (tên thứ hai)" in page
    assert "(tên thứ ba)" not in page
    assert f'id="report-{world.front.pk}"' in page
    assert f'id="report-{world.farmers.pk}"' not in page
    assert f'id="report-{dan_van.pk}"' not in page
    assert f"<li>{dan_van.name}</li>" in page


@pytest.mark.parametrize(
    "day", ["2024-01-01", "2024-05-31", "2024-06-01", "2024-12-31", "2025-01-01", "2026-01-01"]
)
def test_the_names_of_the_day_are_those_of_dated_name(world, dan_van, day):
    """The page's organizations take their names of the day in Python, from a join with
    all their names; the same as the SQL of ``dated_name`` (the other pages')."""
    day = dt.date.fromisoformat(day)
    for name, on in (("Tên hai", dt.date(2024, 6, 1)), ("Tên ba", dt.date(2025, 1, 1))):
        organization_services.rename_organization(organization=world.front, name=name, on=on)
    Organization.objects.filter(pk=dan_van.pk).update(valid_from=dt.date(2024, 6, 1))

    expected = [
        (org.pk, org.name_then or org.name)
        for org in Organization.objects.filter(committee=world.lam_giang)
        .annotate(name_then=dated_name(day))
        .order_by("display_order", "name", "pk")
    ]
    found = _organizations(world.lam_giang.pk, day)
    assert [(org.pk, org.name) for org in found] == expected
    assert [org.valid for org in found] == [
        org.is_valid_on(day)
        for org in Organization.objects.filter(committee=world.lam_giang).order_by(
            "display_order", "name", "pk"
        )
    ]


def test_assignees_lead_first_then_in_the_organizations_order(client, world, dan_van):
    meeting = make_meeting(world.lam_giang, "2024-Q2", held_on=dt.date(2024, 7, 15))
    conclusion = Conclusion.objects.create(meeting=meeting, status="issued")
    directive = Directive.objects.create(conclusion=conclusion, position=1, text="Nhiệm vụ")
    Organization.objects.filter(pk=world.farmers.pk).update(display_order=1)
    Organization.objects.filter(pk=dan_van.pk).update(display_order=1)
    Organization.objects.filter(pk=world.front.pk).update(display_order=0)
    # Made in this order: among equals, the first made comes first.
    for organization, is_lead in ((dan_van, False), (world.front, False), (world.farmers, True)):
        DirectiveAssignment.objects.create(
            directive=directive, organization=organization, is_lead=is_lead
        )
    client.force_login(world.trang)

    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()

    table = page[page.index('<table class="table table-sm align-top directives cards-on-phone">') :]
    shown = [table.index(f"{org.name}</") for org in (world.farmers, world.front, dan_van)]
    assert shown == sorted(shown)
    assert f"<strong>{world.farmers.name}</strong>" in page
