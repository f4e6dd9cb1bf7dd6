"""Every change is recorded (who, when, before and after) and staff can read it."""

from django.urls import reverse

from meetings.models import Report
from organizations import services as org_services
from organizations.models import Organization


def test_report_changes_are_recorded_and_shown_to_staff(client, world, meeting):
    url = reverse("meetings:report", args=[meeting.pk, world.front.pk])
    data = {
        "results": "<p>Bản đầu</p>",
        "shortcomings": "",
        "difficulties": "",
        "next_tasks": "",
        "proposals-TOTAL_FORMS": "0",
        "proposals-INITIAL_FORMS": "0",
    }
    client.force_login(world.khoi)
    client.post(url, data)
    client.force_login(world.trang)
    client.post(url, {**data, "results": "<p>Bản cán bộ sửa</p>"})

    history = list(Report.history.order_by("history_date"))
    assert [(h.history_type, h.history_user.username) for h in history] == [
        ("+", "khoi"),
        ("~", "trang"),
    ]
    page = client.get(reverse("meetings:history", args=[meeting.pk])).content.decode()
    assert "Lê Thị Thu Trang" in page
    assert "Bản đầu" in page and "Bản cán bộ sửa" in page

    client.force_login(world.bao)
    assert client.get(reverse("meetings:history", args=[meeting.pk])).status_code == 404


def test_organization_changes_are_recorded(world):
    org_services.rename_organization(
        organization=world.farmers, name="Hội Nông dân Việt Nam tỉnh Lâm Giang", on=meeting_day()
    )

    names = list(
        Organization.history.filter(id=world.farmers.pk)
        .order_by("history_date")
        .values_list("name", flat=True)
    )
    assert names == ["Hội Nông dân tỉnh Lâm Giang", "Hội Nông dân Việt Nam tỉnh Lâm Giang"]


def meeting_day():
    import datetime as dt

    return dt.date(2025, 1, 1)


def test_staff_read_an_organizations_history_on_its_page(client, world):
    org_services.rename_organization(
        organization=world.farmers, name="Hội Nông dân Việt Nam tỉnh Lâm Giang", on=meeting_day()
    )
    url = reverse("tracking_organizations:detail", args=[world.farmers.pk])

    client.force_login(world.trang)
    assert "Lịch sử thay đổi" in client.get(url).content.decode()
    client.force_login(world.khoi)
    assert "Lịch sử thay đổi" not in client.get(url).content.decode()
