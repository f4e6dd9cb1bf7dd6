"""A draft conclusion changes nothing else: carrying over and closing earlier directives
take effect when it is issued, and nothing of it shows to those who may not read it."""

import datetime as dt

from django.urls import reverse

from meetings.models import Conclusion, Directive
from search.models import SearchEntry
from tests.factories import make_meeting
from tracking.models import DirectiveAssignment, ProgressUpdate

D = dt.date


def save_draft(client, meeting, previous, action="carry", **extra):
    data = {
        "notice_number": "12-TB/TU",
        "issued_on": "2024-07-20",
        "assessment": "<p>Đánh giá quý II.</p>",
        "shortcomings": "",
        "orientation": "<p>Phương hướng.</p>",
        "directives-TOTAL_FORMS": "0",
        "directives-INITIAL_FORMS": "0",
        "previous-TOTAL_FORMS": "1",
        "previous-INITIAL_FORMS": "1",
        "previous-0-directive": previous.pk,
        "previous-0-action": action,
    }
    data.update(extra)
    response = client.post(reverse("conclusions:edit", args=[meeting.pk]), data)
    assert response.status_code == 302, response.content.decode()
    return response


def issue(client, meeting):
    response = client.post(reverse("conclusions:issue", args=[meeting.pk]), {"confirmed": "1"})
    assert response.status_code == 302
    assert Conclusion.objects.get(meeting=meeting).status == "issued"


def open_everywhere(client, world, q2, text="Nhiệm vụ Một"):
    """Where an open directive shows: the board's overdue list, the reporter's home and the
    next report form."""
    client.force_login(world.trang)
    board = client.get(
        reverse("tracking:board"), {"committee": world.lam_giang.pk, "status": "overdue"}
    ).content.decode()
    client.force_login(world.khoi)
    home = client.get("/").content.decode()
    form = client.get(reverse("reports:edit", args=[q2.pk, world.front.pk])).content.decode()
    return text in board, text in home, text in form


def test_carrying_over_takes_effect_when_the_conclusion_is_issued(client, world, issued):
    _q1, (first,) = issued(texts=("Một",))
    q2 = make_meeting(world.lam_giang, "2024-Q2", held_on=D(2024, 7, 15))
    client.force_login(world.trang)

    save_draft(client, q2, first)

    part = DirectiveAssignment.objects.get(directive=first)
    assert part.progress == ""
    assert not ProgressUpdate.objects.exists()
    assert open_everywhere(client, world, q2) == (True, True, True)
    client.force_login(world.trang)
    page = client.get(reverse("conclusions:edit", args=[q2.pk])).content.decode()
    assert 'value="carry" selected' in page  # the choice is kept until issue

    copy = Directive.objects.get(conclusion__meeting=q2)
    found = SearchEntry.objects.filter(kind="directive", source_id=copy.pk)
    assert list(found.values_list("is_public", flat=True)) == [False]  # staff find the draft

    issue(client, q2)

    assert list(found.values_list("is_public", flat=True)) == [True]
    part.refresh_from_db()
    successor = Directive.objects.get(conclusion__meeting=q2)
    assert part.progress == "carried_over"
    assert (successor.carried_from, successor.origin) == (first, first)
    assert successor.assignments.get().progress == ""
    update = part.updates.get()
    assert (update.kind, update.meeting, update.entered_by) == ("carried_over", q2, world.trang)


def test_deleting_the_copy_on_a_draft_leaves_the_original_as_it_was(client, world, issued):
    _q1, (first,) = issued(texts=("Một",))
    q2 = make_meeting(world.lam_giang, "2024-Q2", held_on=D(2024, 7, 15))
    client.force_login(world.trang)
    save_draft(client, q2, first)
    copy = Directive.objects.get(conclusion__meeting=q2)

    # The form as shown again: the copy in the directives, "carry" still selected above.
    save_draft(
        client,
        q2,
        first,
        **{
            "directives-TOTAL_FORMS": "1",
            "directives-INITIAL_FORMS": "1",
            "directives-0-id": copy.pk,
            "directives-0-conclusion": copy.conclusion_id,
            "directives-0-text": copy.text,
            "directives-0-lead": world.front.pk,
            "directives-0-due_period": "2024-Q3",
            "directives-0-DELETE": "on",
        },
    )

    part = DirectiveAssignment.objects.get(directive=first)
    assert (part.progress, part.progress_at) == ("", None)
    assert not Directive.objects.filter(conclusion__meeting=q2).exists()
    page = client.get(reverse("conclusions:edit", args=[q2.pk])).content.decode()
    assert 'value="carry" selected' not in page
    assert open_everywhere(client, world, q2) == (True, True, True)

    client.force_login(world.trang)
    issue(client, q2)

    part.refresh_from_db()
    assert part.progress == ""
    assert not ProgressUpdate.objects.exists()
    assert open_everywhere(client, world, q2) == (True, True, True)


def test_closing_an_earlier_directive_takes_effect_when_issued(client, world, issued):
    _q1, (first,) = issued(texts=("Một",))
    q2 = make_meeting(world.lam_giang, "2024-Q2", held_on=D(2024, 7, 15))
    client.force_login(world.trang)

    save_draft(client, q2, first)
    copy = Directive.objects.get(conclusion__meeting=q2)
    save_draft(client, q2, first, action="close")  # the copy goes again
    assert not Directive.objects.filter(conclusion__meeting=q2).exists()
    assert Directive.all_objects.get(pk=copy.pk).archived_by == world.trang
    assert not SearchEntry.objects.filter(kind="directive", source_id=copy.pk).exists()

    part = DirectiveAssignment.objects.get(directive=first)
    assert part.progress == ""
    assert open_everywhere(client, world, q2) == (True, True, True)
    client.force_login(world.trang)
    page = client.get(reverse("conclusions:edit", args=[q2.pk])).content.decode()
    assert 'value="close" selected' in page

    issue(client, q2)

    part.refresh_from_db()
    assert (part.progress, part.completed_on) == ("done", D(2024, 7, 15))
    assert part.updates.get().on_behalf
    assert open_everywhere(client, world, q2) == (False, False, False)


def test_a_reporter_reads_nothing_of_the_draft_on_a_directives_page(client, world, issued):
    _q1, (first,) = issued(texts=("Một",))
    q2 = make_meeting(world.lam_giang, "2024-Q2", held_on=D(2024, 7, 15))
    client.force_login(world.trang)
    save_draft(client, q2, first)
    copy = Directive.objects.get(conclusion__meeting=q2)
    url = reverse("tracking:directive", args=[first.pk])

    client.force_login(world.khoi)
    page = client.get(url).content.decode()
    assert "Nhiệm vụ Một" in page
    assert "Chuyển sang kết luận" not in page
    assert "quý II/2024" not in page.lower()
    assert "dự thảo" not in page.lower()
    assert client.get(reverse("tracking:directive", args=[copy.pk])).status_code == 404

    for reader in (world.trang, world.bao):
        client.force_login(reader)
        page = client.get(url).content.decode()
        assert "Dự thảo kết luận Quý II/2024" in page, reader
        assert client.get(reverse("tracking:directive", args=[copy.pk])).status_code == 200

    client.force_login(world.trang)
    issue(client, q2)
    client.force_login(world.khoi)
    page = client.get(url).content.decode()
    assert "Chuyển sang kết luận quý II/2024" in page
    assert "dự thảo" not in page.lower()
