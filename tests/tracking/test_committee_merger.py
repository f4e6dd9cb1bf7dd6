"""Provinces merged on 1 July 2025 (issue 17, point 1): a committee merges into another
of its level, its organizations into the successor's across the two committees, their
open directives pass to the successor's organizations and are followed up at its
meetings; a ceased committee refuses new meetings; the successor's people read its
predecessor's records, and nobody else does; communes move under the province when
their district ends, and where they came under before stays on record."""

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from meetings import services as meeting_services
from meetings.models import Conclusion, Directive, Meeting
from organizations import services as organization_services
from organizations.access import access_for
from organizations.models import (
    CommitteeLevel,
    CommitteeParent,
    Organization,
    PartyCommittee,
    Role,
    RoleKind,
    Succession,
)
from tests.factories import make_committee, make_meeting, make_organization, make_role, make_user
from tracking import services
from tracking.conclusion_views import EARLIER, EARLIER_PARTS, earlier_shown, with_assignments
from tracking.earlier_rows import EarlierRow
from tracking.models import DirectiveAssignment, Progress
from tracking.queries import open_assignments_before

pytestmark = pytest.mark.usefixtures("no_page_cache")

D = dt.date
MERGER = D(2025, 7, 1)


def province(name, place, when=None):
    committee = make_committee(f"Tỉnh ủy {name}")
    front = make_organization(committee, f"Ủy ban MTTQ Việt Nam tỉnh {place}", kind="front")
    farmers = make_organization(committee, f"Hội Nông dân tỉnh {place}", kind="farmers")
    dan_van = make_organization(committee, f"Ban Dân vận Tỉnh ủy {place}", kind="party_body")
    office = make_organization(committee, f"Văn phòng Tỉnh ủy {place}", kind="party_body")
    return SimpleNamespace(
        committee=committee, front=front, farmers=farmers, dan_van=dan_van, office=office
    )


@pytest.fixture
def merged(db):
    """Hà Giang and Tuyên Quang; Hà Giang's Quý IV/2024 meeting concluded with two
    directives, each to its Front and its farmers, due 31/3/2025, one part done."""
    ha_giang = province("Hà Giang", "Hà Giang")
    tuyen_quang = province("Tuyên Quang", "Tuyên Quang")
    meeting = make_meeting(ha_giang.committee, "2024-Q4", held_on=D(2025, 1, 10))
    conclusion = Conclusion.objects.create(
        meeting=meeting, status="issued", notice_number="150-TB/TU", issued_on=D(2025, 1, 12)
    )
    parts = []
    for position, text in enumerate(
        ["Vận động Nhân dân hiến đất làm đường", "Tổ chức Ngày hội Đại đoàn kết"], start=1
    ):
        directive = Directive.objects.create(
            conclusion=conclusion, position=position, text=text, deadline=D(2025, 3, 31)
        )
        parts += [
            DirectiveAssignment.objects.create(
                directive=directive, organization=ha_giang.front, is_lead=True
            ),
            DirectiveAssignment.objects.create(directive=directive, organization=ha_giang.farmers),
        ]
    admin = make_user("admin_tq", "Nguyễn Văn Quản")
    make_role(admin, tuyen_quang.committee, RoleKind.ADMIN)
    make_role(admin, ha_giang.committee, RoleKind.ADMIN)
    staff = make_user("staff_tq", "Lê Thị Dân")
    make_role(staff, tuyen_quang.committee, RoleKind.STAFF)
    old_staff = make_user("staff_hg", "Hoàng Văn Cũ")
    make_role(old_staff, ha_giang.committee, RoleKind.STAFF)
    stranger = make_user("staff_other", "Người Ngoài")
    make_role(stranger, make_committee("Tỉnh ủy Cao Bằng"), RoleKind.STAFF)
    return SimpleNamespace(
        hg=ha_giang,
        tq=tuyen_quang,
        meeting=meeting,
        parts=parts,
        admin=admin,
        staff=staff,
        old_staff=old_staff,
        stranger=stranger,
    )


def by_kind(w):
    return {
        w.hg.front.pk: w.tq.front,
        w.hg.farmers.pk: w.tq.farmers,
        w.hg.dan_van.pk: w.tq.dan_van,
        w.hg.office.pk: w.tq.office,
    }


def merge(w, **changes):
    arguments = {
        "committee": w.hg.committee,
        "into": w.tq.committee,
        "on": MERGER,
        "successors": by_kind(w),
        "by": w.admin,
        "note": "Nghị quyết số 202/2025/QH15",
    }
    return services.merge_committee(**{**arguments, **changes})


def test_the_committee_and_its_organizations_cease_with_their_successors_recorded(merged):
    w = merged
    merge(w)

    committee = PartyCommittee.objects.get(pk=w.hg.committee.pk)
    assert (committee.valid_until, committee.successor_id) == (MERGER, w.tq.committee.pk)
    assert Organization.objects.get(pk=w.hg.front.pk).valid_until == MERGER
    successions = set(
        Succession.objects.values_list("predecessor__name", "successor__name", "date")
    )
    assert (
        "Ủy ban MTTQ Việt Nam tỉnh Hà Giang",
        "Ủy ban MTTQ Việt Nam tỉnh Tuyên Quang",
        MERGER,
    ) in (successions)
    assert len(successions) == 4
    # The old meeting keeps the committee and the names of its day.
    assert Meeting.objects.get(pk=w.meeting.pk).committee.name == "Tỉnh ủy Hà Giang"
    assert w.hg.front.name_on(D(2025, 1, 10)) == "Ủy ban MTTQ Việt Nam tỉnh Hà Giang"
    # Its people's roles ended; the successor's did not.
    assert not Role.objects.active().filter(committee=w.hg.committee).exists()
    assert Role.objects.active().filter(user=w.staff, committee=w.tq.committee).exists()


def test_its_open_directives_pass_to_the_successors_organizations(merged):
    w = merged
    front_done = w.parts[0]
    services.record_progress(
        changes=[services.Change(front_done, Progress.DONE, D(2025, 3, 1), "")], by=w.admin
    )

    merge(w)

    owners = dict(
        DirectiveAssignment.objects.filter(pk__in=[p.pk for p in w.parts]).values_list(
            "pk", "organization__name"
        )
    )
    # The part done before the merger stays with the organization that did it.
    assert owners[front_done.pk] == "Ủy ban MTTQ Việt Nam tỉnh Hà Giang"
    assert sorted(owners[p.pk] for p in w.parts[1:]) == [
        "Hội Nông dân tỉnh Tuyên Quang",
        "Hội Nông dân tỉnh Tuyên Quang",
        "Ủy ban MTTQ Việt Nam tỉnh Tuyên Quang",
    ]


def test_the_successors_next_meeting_follows_them_up(merged, client):
    w = merged
    merge(w)
    successor = PartyCommittee.objects.get(pk=w.tq.committee.pk)
    later = make_meeting(successor, "2025-Q3", held_on=D(2025, 10, 10))

    followed = open_assignments_before(later)

    assert {a.directive.text for a in followed} == {
        "Vận động Nhân dân hiến đất làm đường",
        "Tổ chức Ngày hội Đại đoàn kết",
    }
    client.force_login(w.staff)
    page = client.get(reverse("conclusions:edit", args=[later.pk])).content.decode()
    assert "Vận động Nhân dân hiến đất làm đường" in page
    assert "Giao tại hội nghị Quý IV/2024 của Tỉnh ủy Hà Giang" in page


def test_an_opened_conclusion_reads_the_earlier_directives_as_its_save_reads_them(merged):
    """A page only opened shows the earlier directives from plain values
    (``earlier_shown``); the save reads the directives themselves (``EARLIER``): the rows
    shown are the same, the predecessor's committee named, the successor's own not,
    assignees in their order, what the conclusion closes, deadlines or none."""
    w = merged
    merge(w)
    successor = PartyCommittee.objects.get(pk=w.tq.committee.pk)
    own = make_meeting(successor, "2025-Q2", held_on=D(2025, 7, 10))
    issued = Conclusion.objects.create(meeting=own, status="issued", issued_on=D(2025, 7, 12))
    for position, deadline in ((1, None), (2, D(2025, 9, 30))):
        directive = Directive.objects.create(
            conclusion=issued, position=position, text=f"Nhiệm vụ {position}", deadline=deadline
        )
        # The lead after the other in the organizations' order: it comes first all the same.
        for organization, is_lead in ((w.tq.front, False), (w.tq.farmers, True)):
            DirectiveAssignment.objects.create(
                directive=directive, organization=organization, is_lead=is_lead
            )
    later = make_meeting(successor, "2025-Q3", held_on=D(2025, 10, 10))
    conclusion = Conclusion.objects.create(meeting=later)
    conclusion.closes.add(Directive.objects.get(conclusion=issued, position=2))
    earlier = {
        "committees": successor.lineage_ids(),
        "period_end": later.period_end,
        "conclusion": conclusion.pk,
    }

    directives = EARLIER.fetch(**earlier)
    directives = with_assignments(directives, EARLIER_PARTS.fetch(ids=[d.pk for d in directives]))
    shown = earlier_shown(earlier)

    assert shown == [EarlierRow.of(directive) for directive in directives]
    assert {(row.text, row.predecessor, row.closed_here) for row in shown} == {
        ("Nhiệm vụ 1", None, False),
        ("Nhiệm vụ 2", None, True),
        ("Vận động Nhân dân hiến đất làm đường", "Tỉnh ủy Hà Giang", False),
        ("Tổ chức Ngày hội Đại đoàn kết", "Tỉnh ủy Hà Giang", False),
    }
    own_rows = [row for row in shown if row.predecessor is None]
    assert all(row.assignees == (w.tq.farmers.name, w.tq.front.name) for row in own_rows)


def test_the_successors_people_read_and_follow_its_predecessors_records(merged, client):
    w = merged
    merge(w)

    client.force_login(w.staff)
    assert client.get(reverse("meetings:detail", args=[w.meeting.pk])).status_code == 200
    board = client.get(reverse("tracking:board")).content.decode()
    assert "Vận động Nhân dân hiến đất làm đường" in board
    assert access_for(User.objects.get(pk=w.staff.pk)).is_staff_of(w.hg.committee.pk)
    # Nobody else does, and the predecessor's former staff no longer hold a role there.
    client.force_login(w.stranger)
    assert client.get(reverse("meetings:detail", args=[w.meeting.pk])).status_code == 404
    client.force_login(w.old_staff)
    assert client.get(reverse("meetings:detail", args=[w.meeting.pk])).status_code == 404


def test_a_ceased_committee_refuses_new_meetings_but_takes_its_history(merged):
    w = merged
    merge(w)
    committee = PartyCommittee.objects.get(pk=w.hg.committee.pk)

    later = Meeting(committee=committee, period_year=2025, period_kind="Q3")
    with pytest.raises(ValidationError) as refused:
        meeting_services.save_meeting(meeting=later, attendance=[], by=w.admin)

    assert refused.value.messages == [
        "Tỉnh ủy Hà Giang đã kết thúc hoạt động từ ngày 1/7/2025, cấp ủy kế thừa là Tỉnh ủy "
        "Tuyên Quang: các hội nghị sau ngày đó được ghi nhận tại Tỉnh ủy Tuyên Quang."
    ]
    assert not Meeting.objects.filter(committee=committee, period_year=2025).exists()
    earlier = Meeting(committee=committee, period_year=2025, period_kind="Q1")
    meeting_services.save_meeting(meeting=earlier, attendance=[], by=w.admin)
    assert earlier.pk is not None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"into": "commune"},
            "Chỉ hợp nhất được các cấp ủy cùng cấp.",
        ),
        (
            {"drop": "office"},
            "Chọn tổ chức mà “Văn phòng Tỉnh ủy Hà Giang” hợp nhất vào.",
        ),
        (
            {"end": "farmers"},
            "“Hội Nông dân tỉnh Hà Giang” còn phần việc chưa hoàn thành: chọn tổ chức tiếp "
            "nhận các phần việc đó.",
        ),
        (
            {"later_meeting": True},
            "Tỉnh ủy Hà Giang còn hội nghị quý III/2025, sau ngày hợp nhất: chuyển hội nghị "
            "đó sang cấp ủy kế thừa hoặc sửa lại kỳ của hội nghị trước.",
        ),
    ],
)
def test_a_merger_refused_says_why_and_writes_nothing(merged, changes, message):
    w = merged
    successors = by_kind(w)
    into = w.tq.committee
    if changes.get("into"):
        into = make_committee(
            "Đảng ủy xã Mới", level=CommitteeLevel.COMMUNE, parent=w.tq.committee, suffix="ĐU"
        )
    if changes.get("drop"):
        del successors[getattr(w.hg, changes["drop"]).pk]
    if changes.get("end"):
        successors[getattr(w.hg, changes["end"]).pk] = None
    if changes.get("later_meeting"):
        make_meeting(w.hg.committee, "2025-Q3", held_on=D(2025, 10, 5))

    with pytest.raises(ValidationError) as refused:
        merge(w, into=into, successors=successors)

    assert message in refused.value.messages
    assert PartyCommittee.objects.get(pk=w.hg.committee.pk).valid_until is None
    assert not Succession.objects.exists()
    assert not Organization.objects.filter(valid_until__isnull=False).exists()


def test_a_merger_makes_as_many_queries_for_few_organizations_as_for_many(db):
    assert _queries_of_a_merger("Bắc Kạn", "Thái Nguyên", extra=0) == _queries_of_a_merger(
        "Lai Châu", "Lào Cai", extra=10
    )


def _queries_of_a_merger(old, new, *, extra):
    """The queries of merging province ``old`` into ``new``, each with four organizations
    and ``extra`` more, ``old``'s two directives open for its Front and its farmers."""
    hg, tq = province(old, old), province(new, new)
    meeting = make_meeting(hg.committee, "2024-Q4", held_on=D(2025, 1, 10))
    conclusion = Conclusion.objects.create(
        meeting=meeting, status="issued", notice_number="9-TB/TU", issued_on=D(2025, 1, 12)
    )
    for position in (1, 2):
        directive = Directive.objects.create(
            conclusion=conclusion, position=position, text=f"Việc {position}"
        )
        for org in (hg.front, hg.farmers):
            DirectiveAssignment.objects.create(directive=directive, organization=org)
    successors = {
        hg.front.pk: tq.front,
        hg.farmers.pk: tq.farmers,
        hg.dan_van.pk: tq.dan_van,
        hg.office.pk: tq.office,
    }
    for number in range(extra):
        source = make_organization(hg.committee, f"Hội Thử {number} tỉnh {old}", kind="other")
        successors[source.pk] = make_organization(
            tq.committee, f"Hội Thử {number} tỉnh {new}", kind="other"
        )
    admin = make_user(f"admin {old}", "Quản Trị")
    with CaptureQueriesContext(connection) as captured:
        services.merge_committee(
            committee=hg.committee, into=tq.committee, on=MERGER, successors=successors, by=admin
        )
    assert DirectiveAssignment.objects.filter(organization__committee=tq.committee).count() == 4
    return len(captured)


def test_communes_move_under_the_province_when_their_district_ends(merged):
    w = merged
    district = make_committee(
        "Huyện ủy Vị Xuyên", level=CommitteeLevel.DISTRICT, parent=w.hg.committee, suffix="HU"
    )
    communes = [
        make_committee(f"Đảng ủy xã {name}", level=CommitteeLevel.COMMUNE, parent=district)
        for name in ("Đạo Đức", "Phú Linh")
    ]

    organization_services.move_committees(
        committees=communes, parent=w.tq.committee, on=MERGER, by=w.admin
    )

    commune = PartyCommittee.objects.get(pk=communes[0].pk)
    assert commune.parent_id == w.tq.committee.pk
    assert commune.parent_on(D(2025, 6, 30)) == district
    assert commune.parent_on(MERGER) == w.tq.committee
    assert CommitteeParent.objects.count() == 4
    # The province's admin now administers them.
    assert commune.pk in access_for(User.objects.get(pk=w.admin.pk)).administered_committee_ids()


def test_a_commune_cannot_move_under_a_committee_below_it(merged):
    w = merged
    commune = make_committee("Đảng ủy xã Thử", level=CommitteeLevel.COMMUNE, parent=w.tq.committee)
    below = make_committee("Chi bộ Thử", level=CommitteeLevel.COMMUNE, parent=commune)

    with pytest.raises(ValidationError) as refused:
        organization_services.move_committees(committees=[commune], parent=below, on=MERGER)

    assert refused.value.messages == [
        "“Đảng ủy xã Thử” không thể trực thuộc chính mình hoặc một cấp ủy trực thuộc nó."
    ]
    assert not CommitteeParent.objects.exists()


def test_the_merger_page_guesses_the_successors_then_merges(merged, client):
    w = merged
    client.force_login(w.admin)
    url = reverse("tracking_organizations:manage_committee_merge")
    url += f"?committee={w.hg.committee.pk}"

    step = client.post(url, {"into": w.tq.committee.pk, "date": "01/07/2025", "note": ""})

    form = step.context["form"]
    assert form.initial["into"] == w.tq.committee.pk
    guesses = {
        name: form.fields[name].initial for name in form.fields if name.startswith("organization_")
    }
    assert guesses == {
        f"organization_{w.hg.front.pk}": str(w.tq.front.pk),
        f"organization_{w.hg.farmers.pk}": str(w.tq.farmers.pk),
        f"organization_{w.hg.dan_van.pk}": str(w.tq.dan_van.pk),
        f"organization_{w.hg.office.pk}": str(w.tq.office.pk),
    }
    assert "Hợp nhất vào" in step.content.decode()
    assert not Succession.objects.exists()

    done = client.post(
        url,
        {"into": w.tq.committee.pk, "date": "01/07/2025", "note": "", "step": "map", **guesses},
        follow=True,
    )

    assert "Tỉnh ủy Hà Giang được hợp nhất vào Tỉnh ủy Tuyên Quang từ ngày 1/7/2025" in (
        done.content.decode()
    )
    assert Succession.objects.count() == 4


def test_the_merger_page_is_only_for_admins_of_the_committee(merged, client):
    w = merged
    client.force_login(w.staff)
    url = reverse("tracking_organizations:manage_committee_merge")
    assert client.get(f"{url}?committee={w.hg.committee.pk}").status_code == 404


def test_the_command_merges_by_kind_and_as_mapped(merged):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    w = merged
    office = w.tq.office
    # An organization that is no successor of the merged committee is refused, whole.
    with pytest.raises(CommandError) as refused:
        call_command(
            "merge_committee",
            str(w.hg.committee.pk),
            f"--into={w.tq.committee.pk}",
            "--date=2025-07-01",
            f"--map={w.hg.office.pk}=999999",
        )
    assert "999999" in str(refused.value)

    call_command(
        "merge_committee",
        str(w.hg.committee.pk),
        f"--into={w.tq.committee.pk}",
        "--date=2025-07-01",
        f"--map={w.hg.office.pk}={office.pk}",
        "--note=Nghị quyết số 202/2025/QH15",
        stdout=io.StringIO(),
    )

    successors = dict(Succession.objects.values_list("predecessor_id", "successor_id"))
    assert successors == {
        w.hg.front.pk: w.tq.front.pk,
        w.hg.farmers.pk: w.tq.farmers.pk,
        w.hg.dan_van.pk: w.tq.dan_van.pk,
        w.hg.office.pk: office.pk,
    }


def test_a_committee_merges_once_into_a_committee_that_goes_on(merged):
    w = merged
    other = province("Bắc Kạn", "Bắc Kạn")
    make_role(w.admin, other.committee, RoleKind.ADMIN)
    merge(w)
    committee = PartyCommittee.objects.get(pk=w.hg.committee.pk)
    successor = PartyCommittee.objects.get(pk=w.tq.committee.pk)
    successors = {
        w.hg.front.pk: other.front,
        w.hg.farmers.pk: other.farmers,
        w.hg.dan_van.pk: other.dan_van,
        w.hg.office.pk: other.office,
    }

    # Merged again, on an earlier day, into another province: refused.
    with pytest.raises(ValidationError) as again:
        services.merge_committee(
            committee=committee,
            into=other.committee,
            on=D(2025, 3, 1),
            successors=successors,
            by=w.admin,
        )
    # Another province merged into the one already merged: refused.
    with pytest.raises(ValidationError) as into_merged:
        services.merge_committee(
            committee=other.committee,
            into=committee,
            on=D(2025, 3, 1),
            successors={o.pk: None for o in (other.front, other.farmers)},
            by=w.admin,
        )

    assert "“Tỉnh ủy Hà Giang” đã được hợp nhất vào một cấp ủy khác." in again.value.messages
    assert (
        "“Tỉnh ủy Hà Giang” cũng kết thúc hoạt động: hợp nhất vào cấp ủy kế thừa của cấp ủy đó."
        in into_merged.value.messages
    )
    assert PartyCommittee.objects.get(pk=committee.pk).successor_id == successor.pk
    assert Succession.objects.count() == 4


def test_a_merger_still_to_come_is_refused(merged):
    w = merged
    with pytest.raises(ValidationError) as refused:
        merge(w, on=dt.date.today() + dt.timedelta(days=30))  # noqa: DTZ011

    assert any("chưa đến" in message for message in refused.value.messages)
    assert PartyCommittee.objects.get(pk=w.hg.committee.pk).valid_until is None


def test_only_the_merged_committees_organizations_are_handed_over(merged):
    w = merged
    other = province("Bắc Kạn", "Bắc Kạn")
    successors = {**by_kind(w), other.front.pk: w.tq.front}

    with pytest.raises(ValidationError) as refused:
        merge(w, successors=successors)

    assert (
        "Chỉ hợp nhất các tổ chức của Tỉnh ủy Hà Giang đang hoạt động trước ngày hợp nhất."
        in refused.value.messages
    )
    assert Organization.objects.get(pk=other.front.pk).valid_until is None


def test_a_commune_starting_on_the_day_moves_with_the_others(merged):
    w = merged
    district = make_committee(
        "Huyện ủy Bắc Quang", level=CommitteeLevel.DISTRICT, parent=w.hg.committee, suffix="HU"
    )
    new = make_committee(
        "Đảng ủy xã Mới Lập", level=CommitteeLevel.COMMUNE, parent=district, valid_from=MERGER
    )

    organization_services.move_committees(committees=[new], parent=w.tq.committee, on=MERGER)

    assert list(CommitteeParent.objects.values_list("parent_id", "valid_from", "valid_until")) == [
        (w.tq.committee.pk, MERGER, None)
    ]


def test_an_old_meeting_cannot_be_moved_to_a_period_after_its_committee_ended(merged):
    w = merged
    merge(w)
    meeting = Meeting.objects.select_related("committee").get(pk=w.meeting.pk)
    meeting.period_year, meeting.period_kind = 2025, "Q3"

    with pytest.raises(ValidationError):
        meeting_services.save_meeting(meeting=meeting, attendance=[], by=w.admin)

    assert Meeting.objects.get(pk=w.meeting.pk).period_year == 2024


def test_the_notice_names_the_organizations_the_parts_were_given_to(merged, client):
    import io as _io

    from docx import Document

    w = merged
    merge(w)
    client.force_login(w.staff)

    response = client.get(reverse("documents:notice", args=[w.meeting.pk]))

    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    text = "\n".join(p.text for p in Document(_io.BytesIO(content)).paragraphs)
    assert "Ủy ban MTTQ Việt Nam tỉnh Hà Giang" in text
    assert "Tuyên Quang" not in text


def test_the_successors_first_draft_reports_on_its_predecessors_directives(merged, client):
    import io as _io

    from docx import Document

    w = merged
    merge(w)
    later = make_meeting(w.tq.committee, "2025-Q3", held_on=D(2025, 10, 10))
    client.force_login(w.staff)

    response = client.get(reverse("documents:summary_draft", args=[later.pk]))

    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    text = "\n".join(p.text for p in Document(_io.BytesIO(content)).paragraphs)
    assert "150-TB/TU" in text
    assert "Vận động Nhân dân hiến đất làm đường" in text
