"""The "Mục đã xóa" page: staff and admins of a committee list the proposals and
directives removed from its meetings, and restore them (one, or a selection).

Restoring was done in Django's admin, which committee admins no longer reach (issue 15).
"""

import datetime as dt

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Conclusion, Directive, Proposal
from organizations.models import RoleKind
from tests.factories import make_meeting, make_report, make_role, make_user
from tracking.models import DirectiveAssignment

# Literal paths: before the page existed they answered 404.
REMOVED = "/meetings/removed/"
RESTORE = "/meetings/removed/restore/"


def removed_url(committee) -> str:
    return f"{REMOVED}?committee={committee.pk}"


def restore_url(committee) -> str:
    return f"{RESTORE}?committee={committee.pk}"


def token(item) -> str:
    return f"{'directive' if isinstance(item, Directive) else 'proposal'}-{item.pk}"


@pytest.fixture
def conclusion(world, meeting):
    return Conclusion.objects.create(meeting=meeting, assessment="<p>Dự thảo kết luận.</p>")


def add_directive(conclusion, text, position=1, organization=None):
    directive = Directive.objects.create(conclusion=conclusion, text=text, position=position)
    if organization is not None:
        DirectiveAssignment.objects.create(directive=directive, organization=organization)
    return directive


def removed_directive(world, conclusion, text="Giao Hội Nông dân tỉnh tổng kết mô hình."):
    directive = add_directive(conclusion, text, organization=world.farmers)
    directive.archive(world.trang)
    return directive


def removed_proposal(world, meeting, text="Đề nghị bố trí kinh phí tổ chức Đại hội."):
    report = make_report(meeting, world.front, results="<p>Kết quả.</p>")
    proposal = Proposal.objects.create(report=report, text=text, position=1)
    proposal.archive(world.khoi)
    return proposal


# --- who restores ------------------------------------------------------------------------


def test_a_committee_admin_restores_a_removed_directive_in_the_app(client, world, conclusion):
    directive = removed_directive(world, conclusion)
    client.force_login(world.nam)

    page = client.get(removed_url(world.lam_giang))
    assert page.status_code == 200
    assert "Giao Hội Nông dân tỉnh tổng kết mô hình." in page.content.decode()
    response = client.post(restore_url(world.lam_giang), {"item": token(directive)})

    assert response.status_code == 302
    directive.refresh_from_db()
    assert directive.archived_at is None
    assert directive.archived_by is None
    page = client.get(response.url).content.decode()
    assert "Đã khôi phục 1 mục" in page
    assert "Giao Hội Nông dân tỉnh tổng kết mô hình." not in page


def test_staff_restore_a_removed_proposal_and_the_meeting_page_shows_it_again(
    client, world, meeting
):
    proposal = removed_proposal(world, meeting)
    client.force_login(world.trang)
    # Kept in the page cache while it does not show the proposal.
    assert "bố trí kinh phí" not in client.get(meeting.get_absolute_url()).content.decode()
    assert client.get(meeting.get_absolute_url())["X-Page-Cache"] == "hit"

    client.post(restore_url(world.lam_giang), {"item": token(proposal)})

    assert "bố trí kinh phí" in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(world.bao)  # a leader, whose pages are cached under other stamps
    assert "bố trí kinh phí" in client.get(meeting.get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["bao", "khoi", "ha", "minh"])
def test_other_roles_neither_see_nor_restore(client, world, meeting, conclusion, who):
    directive = removed_directive(world, conclusion)
    proposal = removed_proposal(world, meeting)
    client.force_login(getattr(world, who))

    assert client.get(removed_url(world.lam_giang)).status_code == 404
    response = client.post(
        restore_url(world.lam_giang), {"selected": [token(directive), token(proposal)]}
    )

    assert response.status_code == 404
    assert Directive.all_objects.archived().count() == Proposal.all_objects.archived().count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, world, conclusion):
    directive = removed_directive(world, conclusion)

    for response in (
        client.get(removed_url(world.lam_giang)),
        client.post(restore_url(world.lam_giang), {"item": token(directive)}),
    ):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert Directive.all_objects.archived().exists()


def test_the_province_admin_does_not_restore_in_a_commune_they_cannot_read(client, world):
    """Restoring puts text back on a meeting's pages: only those who read that meeting
    (its staff and its own admins) do it, not the admins of the committee above."""
    commune_meeting = make_meeting(world.commune, "2024-Q1", held_on=dt.date(2024, 4, 19))
    commune_conclusion = Conclusion.objects.create(meeting=commune_meeting)
    directive = add_directive(commune_conclusion, "Nhiệm vụ của xã")
    directive.archive(world.trang)
    client.force_login(world.nam)

    assert client.get(removed_url(world.commune)).status_code == 404
    assert client.post(restore_url(world.commune), {"item": token(directive)}).status_code == 404
    assert client.post(restore_url(world.lam_giang), {"item": token(directive)}).status_code == 404
    assert Directive.all_objects.archived().exists()


def test_foreign_and_missing_items_answer_404(client, world, conclusion):
    removed_directive(world, conclusion)
    foreign_meeting = make_meeting(world.ha_son, "2024-Q1", held_on=dt.date(2024, 4, 19))
    foreign = add_directive(Conclusion.objects.create(meeting=foreign_meeting), "Của Hà Sơn")
    foreign.archive(world.minh)
    client.force_login(world.trang)

    for item in (token(foreign), "directive-999999", "proposal-999999", "directive-x", "junk"):
        response = client.post(restore_url(world.lam_giang), {"item": item})
        assert response.status_code == 404, item
    assert client.get(removed_url(world.ha_son)).status_code == 404
    assert client.post(restore_url(world.ha_son), {"item": token(foreign)}).status_code == 404
    assert client.get(f"{REMOVED}?committee=999999").status_code == 404
    assert Directive.all_objects.archived().count() == 2


def test_a_foreign_item_in_a_selection_restores_nothing(client, world, conclusion):
    own = removed_directive(world, conclusion)
    foreign_meeting = make_meeting(world.ha_son, "2024-Q1", held_on=dt.date(2024, 4, 19))
    foreign = add_directive(Conclusion.objects.create(meeting=foreign_meeting), "Của Hà Sơn")
    foreign.archive(world.minh)
    client.force_login(world.trang)

    response = client.post(restore_url(world.lam_giang), {"selected": [token(own), token(foreign)]})

    assert response.status_code == 404
    assert Directive.all_objects.archived().count() == 2


# --- the list ------------------------------------------------------------------------------


def test_the_list_shows_what_was_removed_where_by_whom_and_when_newest_first(
    client, world, meeting, conclusion
):
    directive = removed_directive(world, conclusion, "Nhiệm vụ gỡ trước")
    proposal = removed_proposal(world, meeting, "Kiến nghị gỡ sau")
    Directive.all_objects.filter(pk=directive.pk).update(
        archived_at=proposal.archived_at - dt.timedelta(hours=1)
    )
    add_directive(conclusion, "Nhiệm vụ vẫn còn", position=2)
    client.force_login(world.trang)

    page = client.get(removed_url(world.lam_giang)).content.decode()

    assert page.index("Kiến nghị gỡ sau") < page.index("Nhiệm vụ gỡ trước")
    assert "Nhiệm vụ vẫn còn" not in page
    assert "Mục đã xóa" in page
    assert "Quý I/2024" in page
    assert "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang" in page  # whose report the proposal was in
    assert "Vũ Minh Khôi" in page and "Lê Thị Thu Trang" in page  # who removed them
    assert meeting.get_absolute_url() in page


def test_the_list_is_paginated(client, world, conclusion):
    for index in range(55):
        add_directive(conclusion, f"Nhiệm vụ thứ {index:02d}", position=index + 1).archive(
            world.trang
        )
    client.force_login(world.trang)

    first = client.get(removed_url(world.lam_giang)).content.decode()
    second = client.get(removed_url(world.lam_giang) + "&page=2").content.decode()

    assert first.count('name="selected"') == 50
    assert second.count('name="selected"') == 5
    assert "Nhiệm vụ thứ 54" in first and "Nhiệm vụ thứ 00" in second


@pytest.mark.usefixtures("no_page_cache")
def test_the_list_runs_as_many_queries_for_2_items_as_for_20(
    client, world, meeting, conclusion, django_assert_num_queries
):
    client.force_login(world.trang)
    removed_directive(world, conclusion)
    removed_proposal(world, meeting)
    client.get(removed_url(world.lam_giang))
    with CaptureQueriesContext(connections["default"]) as small:
        client.get(removed_url(world.lam_giang))
    count = len(small.captured_queries)

    report = Proposal.all_objects.get().report
    for index in range(9):
        removed_directive(world, conclusion, f"Nhiệm vụ {index}")
        Proposal.objects.create(report=report, text=f"Kiến nghị {index}").archive(world.khoi)

    with django_assert_num_queries(count):
        page = client.get(removed_url(world.lam_giang))
    assert page.content.decode().count('name="selected"') == 20


# --- restoring --------------------------------------------------------------------------------


def test_a_selection_is_restored_at_once_and_a_row_button_restores_only_its_row(
    client, world, meeting, conclusion
):
    first = removed_directive(world, conclusion, "Nhiệm vụ một")
    second = removed_directive(world, conclusion, "Nhiệm vụ hai")
    proposal = removed_proposal(world, meeting)
    client.force_login(world.trang)

    client.post(
        restore_url(world.lam_giang),
        {"selected": [token(first), token(proposal)], "item": token(second)},
    )
    assert list(Directive.objects.values_list("text", flat=True)) == ["Nhiệm vụ hai"]

    response = client.post(
        restore_url(world.lam_giang), {"selected": [token(first), token(proposal)]}
    )
    assert Directive.objects.count() == 2
    assert Proposal.objects.get().pk == proposal.pk
    assert "Đã khôi phục 2 mục" in client.get(response.url).content.decode()


def test_nothing_chosen_says_so(client, world, conclusion):
    removed_directive(world, conclusion)
    client.force_login(world.trang)

    response = client.post(restore_url(world.lam_giang), {})

    assert response.status_code == 302
    assert "Chưa chọn mục nào" in client.get(response.url).content.decode()
    assert Directive.all_objects.archived().exists()


def test_restored_items_come_last_in_their_list(client, world, meeting, conclusion):
    removed = removed_directive(world, conclusion, "Nhiệm vụ đã gỡ")
    add_directive(conclusion, "Nhiệm vụ một", position=1)
    add_directive(conclusion, "Nhiệm vụ hai", position=2)
    client.force_login(world.trang)

    client.post(restore_url(world.lam_giang), {"item": token(removed)})

    assert list(Directive.objects.order_by("position").values_list("text", "position")) == [
        ("Nhiệm vụ một", 1),
        ("Nhiệm vụ hai", 2),
        ("Nhiệm vụ đã gỡ", 3),
    ]


def test_each_restore_is_in_the_history_with_who_restored(client, world, meeting, conclusion):
    directive = removed_directive(world, conclusion)
    proposal = removed_proposal(world, meeting)
    client.force_login(world.trang)

    client.post(restore_url(world.lam_giang), {"selected": [token(directive), token(proposal)]})

    for item in (directive, proposal):
        last = item.history.order_by("-history_id").first()
        assert (last.history_type, last.history_user, last.archived_at) == ("~", world.trang, None)
    page = client.get(reverse("meetings:history", args=[meeting.pk])).content.decode()
    assert page.lower().count("thời điểm gỡ bỏ") == 4  # removed, then restored, for each


def test_restored_items_are_found_by_search_again(client, world, meeting, conclusion):
    directive = removed_directive(world, conclusion, "Giao Hội Nông dân tỉnh tổng kết mô hình.")
    proposal = removed_proposal(world, meeting, "Đề nghị bố trí kinh phí tổ chức Đại hội.")
    client.force_login(world.trang)

    def found(q):
        response = client.get(reverse("search:results"), {"q": q})
        return " ".join(entry.text for entry in response.context["rows"])

    assert "tổng kết mô hình" not in found("tong ket mo hinh")
    client.post(restore_url(world.lam_giang), {"selected": [token(directive), token(proposal)]})

    assert "tổng kết mô hình" in found("tong ket mo hinh")
    assert "bố trí kinh phí" in found("bo tri kinh phi")


def test_restoring_2_or_20_items_runs_as_many_queries(
    client, world, meeting, conclusion, django_assert_num_queries
):
    client.force_login(world.trang)
    report = make_report(meeting, world.front, results="<p>Kết quả.</p>")

    def remove_some(count):
        items = []
        for index in range(count):
            items.append(removed_directive(world, conclusion, f"Nhiệm vụ {count}-{index}"))
            proposal = Proposal.objects.create(report=report, text=f"Kiến nghị {count}-{index}")
            proposal.archive(world.khoi)
            items.append(proposal)
        return {"selected": [token(item) for item in items]}

    two = remove_some(1)
    with CaptureQueriesContext(connections["default"]) as small:
        client.post(restore_url(world.lam_giang), two)
    count = len(small.captured_queries)
    twenty = remove_some(10)

    with django_assert_num_queries(count):
        client.post(restore_url(world.lam_giang), twenty)
    assert not Directive.all_objects.archived().exists()
    assert not Proposal.all_objects.archived().exists()


# --- what is refused -----------------------------------------------------------------------


REFUSED = "Thông báo kết luận số 45-TB/TU đã ban hành không có nhiệm vụ này"


def test_a_directive_removed_before_its_notice_was_issued_is_not_restored(
    client, world, conclusion
):
    directive = removed_directive(world, conclusion, "Nhiệm vụ bỏ khỏi dự thảo")
    conclusion.status, conclusion.notice_number = "issued", "45-TB/TU"
    conclusion.issued_on = dt.date(2024, 4, 22)
    conclusion.save()
    client.force_login(world.trang)

    page = client.get(removed_url(world.lam_giang)).content.decode()
    response = client.post(restore_url(world.lam_giang), {"item": token(directive)})

    assert REFUSED in page
    assert Directive.all_objects.archived().get() == directive
    shown = client.get(response.url).content.decode()
    assert "Không khôi phục được" in shown
    assert f"“Nhiệm vụ bỏ khỏi dự thảo”: {REFUSED}" in shown


def test_a_directive_removed_after_its_notice_was_issued_is_restored(client, world, conclusion):
    conclusion.status, conclusion.notice_number = "issued", "45-TB/TU"
    conclusion.save()
    directive = removed_directive(world, conclusion, "Nhiệm vụ gỡ nhầm sau khi ban hành")
    client.force_login(world.trang)

    client.post(restore_url(world.lam_giang), {"item": token(directive)})

    assert Directive.objects.get().text == "Nhiệm vụ gỡ nhầm sau khi ban hành"


def test_a_refused_item_in_a_selection_restores_nothing(client, world, meeting, conclusion):
    proposal = removed_proposal(world, meeting)
    directive = removed_directive(world, conclusion)
    proposal.report.status = "accepted"
    proposal.report.save()
    client.force_login(world.trang)

    response = client.post(
        restore_url(world.lam_giang), {"selected": [token(proposal), token(directive)]}
    )

    shown = client.get(response.url).content.decode()
    assert "đã được tiếp nhận" in shown
    assert Proposal.all_objects.archived().exists() and Directive.all_objects.archived().exists()


def test_an_item_restored_meanwhile_is_not_restored_twice(client, world, conclusion):
    directive = removed_directive(world, conclusion)
    client.force_login(world.trang)
    client.post(restore_url(world.lam_giang), {"item": token(directive)})
    history = directive.history.count()

    response = client.post(restore_url(world.lam_giang), {"item": token(directive)})

    assert response.status_code == 302
    assert "đã được người khác khôi phục trước đó" in client.get(response.url).content.decode()
    assert directive.history.count() == history


# --- where it is linked from --------------------------------------------------------------


def test_staff_find_it_on_the_meeting_page_and_admins_in_the_administration(client, world, meeting):
    link = removed_url(world.lam_giang)
    client.force_login(world.trang)
    assert link in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(world.bao)
    assert link not in client.get(meeting.get_absolute_url()).content.decode()

    client.force_login(world.nam)
    manage = reverse("organizations:manage")
    administration = client.get(f"{manage}?committee={world.lam_giang.pk}")
    assert link in administration.content.decode()
    commune = client.get(f"{manage}?committee={world.commune.pk}")
    assert REMOVED not in commune.content.decode()


def test_a_superuser_restores_anywhere(client, world, conclusion):
    directive = removed_directive(world, conclusion)
    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)

    assert client.get(removed_url(world.lam_giang)).status_code == 200
    client.post(restore_url(world.lam_giang), {"item": token(directive)})

    assert Directive.objects.exists()


def test_staff_of_two_committees_pick_the_committee(client, world):
    make_role(world.trang, world.commune, RoleKind.STAFF)
    client.force_login(world.trang)

    page = client.get(REMOVED).content.decode()

    assert 'name="committee"' in page
    assert world.commune.name in page and world.lam_giang.name in page


def test_a_withdrawn_copy_is_not_restored_beside_a_new_copy_of_the_same(
    client, world, conclusion, issued
):
    """Carry-over chosen, withdrawn (the copy is archived), chosen again (a new copy):
    the old copy coming back would track the same earlier directive twice."""
    _earlier, (original, *_rest) = issued(period="2023-Q4", held_on=dt.date(2024, 1, 19))
    old_copy = Directive.objects.create(
        conclusion=conclusion, text=original.text, position=1, carried_from=original
    )
    old_copy.archive(world.trang)
    Directive.objects.create(
        conclusion=conclusion, text=original.text, position=2, carried_from=original
    )
    client.force_login(world.trang)

    page = client.get(removed_url(world.lam_giang)).content.decode()
    client.post(restore_url(world.lam_giang), {"item": token(old_copy)})

    assert "khôi phục bản sao này sẽ theo dõi nhiệm vụ hai lần" in page
    old_copy.refresh_from_db()
    assert old_copy.archived_at is not None
