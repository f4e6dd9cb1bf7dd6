"""The search page: Vietnamese matching, references, ranking, filters, access, freshness.

Every test runs on SQLite and on PostgreSQL (``DATABASE_URL``): the two databases
must return the same results for the same data.
"""

import datetime as dt
import unicodedata

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import services
from meetings.models import Conclusion, Directive, Proposal, Report
from search.models import SearchEntry
from tests.factories import index_for_search, make_meeting, make_organization, make_report
from tracking.models import DirectiveAssignment

URL = reverse("search:results")


def search(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def texts(response) -> list[str]:
    return [entry.text for entry in response.context["rows"]]


@pytest.fixture
def said(world, meeting):
    """Quý I/2024 of Lâm Giang: the Front's accepted report, the farmers' draft, an issued
    conclusion with two directives."""
    front = make_report(
        meeting,
        world.front,
        status="accepted",
        results="<p>Phối hợp với Ban Dân vận Tỉnh ủy triển khai Công văn số 4934-CV/TU.</p>",
        next_tasks="<ul><li>Chuẩn bị Đại hội đại biểu MTTQ Việt Nam tỉnh lần thứ XI.</li></ul>",
    )
    Proposal.objects.create(
        report=front, position=1, text="Đề nghị Thường trực Tỉnh uỷ bố trí kinh phí đại hội."
    )
    farmers = make_report(
        meeting,
        world.farmers,
        status="draft",
        results="<p>Hội Nông dân giải ngân Quỹ hỗ trợ nông dân cho 38 dự án.</p>",
    )
    conclusion = Conclusion.objects.create(
        meeting=meeting,
        status="issued",
        notice_number="45-TB/TU",
        issued_on=dt.date(2024, 4, 22),
        assessment="<p>Ghi nhận kết quả thực hiện Chỉ thị số 35-CT/TW của Bộ Chính trị.</p>",
        orientation="<p>Tập trung chuẩn bị tốt Đại hội đại biểu MTTQ tỉnh nhiệm kỳ 2024-2029.</p>",
    )
    directive = Directive.objects.create(
        conclusion=conclusion,
        position=1,
        text="Giao Hội Nông dân tỉnh hướng dẫn hội viên phòng, chống dịch bệnh trên cây trồng.",
    )
    DirectiveAssignment.objects.create(directive=directive, organization=world.farmers)
    index_for_search(meeting)
    return {"front": front, "farmers": farmers, "conclusion": conclusion, "directive": directive}


# --- Vietnamese, the way people type ---------------------------------------------------


def test_it_finds_dan_van_typed_without_diacritics(client, world, said):
    response = search(client, world.trang, q="dan van")

    assert texts(response) == [
        "Phối hợp với Ban Dân vận Tỉnh ủy triển khai Công văn số 4934-CV/TU."
    ]
    assert "<mark>Dân</mark> <mark>vận</mark>" in response.content.decode()


def test_dai_hoi_mttq_finds_dai_hoi_with_d_with_stroke(client, world, said):
    response = search(client, world.trang, q="dai hoi mttq")

    assert sorted(texts(response)) == [
        "Chuẩn bị Đại hội đại biểu MTTQ Việt Nam tỉnh lần thứ XI.",
        "Tập trung chuẩn bị tốt Đại hội đại biểu MTTQ tỉnh nhiệm kỳ 2024-2029.",
    ]
    assert "<mark>Đại</mark> <mark>hội</mark> <mark>đại</mark> biểu <mark>MTTQ</mark>" in (
        response.content.decode()
    )


def test_a_query_with_diacritics_matches_text_with_them(client, world, said):
    assert len(texts(search(client, world.trang, q="Đại hội đại biểu MTTQ"))) == 2
    assert texts(search(client, world.trang, q="Hội Nông dân giải ngân")) == [
        "Hội Nông dân giải ngân Quỹ hỗ trợ nông dân cho 38 dự án."
    ]


def test_tinh_uy_with_the_tone_mark_on_either_vowel_match_each_other(client, world, said):
    # The proposal writes "Tỉnh uỷ", the report "Tỉnh ủy".
    old_style = texts(search(client, world.trang, q="Tỉnh uỷ"))
    new_style = texts(search(client, world.trang, q="Tỉnh ủy"))

    assert sorted(old_style) == sorted(new_style)
    assert "Đề nghị Thường trực Tỉnh uỷ bố trí kinh phí đại hội." in new_style
    assert "Phối hợp với Ban Dân vận Tỉnh ủy triển khai Công văn số 4934-CV/TU." in old_style


def test_text_pasted_in_decomposed_unicode_matches_text_typed_composed(client, world, said):
    nfd = unicodedata.normalize("NFD", "Vận động đoàn viên tham gia Đại hội Công đoàn.")
    Directive.objects.create(conclusion=said["conclusion"], position=2, text=nfd)
    index_for_search(said["conclusion"].meeting)

    found = texts(search(client, world.trang, q="vận động đoàn viên"))
    query_in_nfd = texts(search(client, world.trang, q=unicodedata.normalize("NFD", "Dân vận")))

    assert found == [unicodedata.normalize("NFC", nfd)]
    assert query_in_nfd == ["Phối hợp với Ban Dân vận Tỉnh ủy triển khai Công văn số 4934-CV/TU."]


# --- Document references --------------------------------------------------------------


def test_a_document_number_finds_every_text_that_cites_it(client, world, said, meeting):
    other = make_meeting(world.lam_giang, "2024-Q2", held_on=dt.date(2024, 7, 18))
    make_report(
        other,
        world.farmers,
        status="submitted",
        difficulties="<p>Chưa có hướng dẫn thực hiện công văn 4934-cv/tu ở cơ sở.</p>",
    )
    make_report(other, world.front, status="submitted", results="<p>Theo Công văn 4935-CV/TU.</p>")

    response = search(client, world.trang, q="4934-CV/TU")

    assert sorted(texts(response)) == [
        "Chưa có hướng dẫn thực hiện công văn 4934-cv/tu ở cơ sở.",
        "Phối hợp với Ban Dân vận Tỉnh ủy triển khai Công văn số 4934-CV/TU.",
    ]
    assert "<mark>4934-CV/TU</mark>" in response.content.decode()


def test_a_directive_of_the_politburo_is_found_in_conclusions(client, world, said):
    assert texts(search(client, world.trang, q="Chỉ thị số 35-CT/TW")) == [
        "Ghi nhận kết quả thực hiện Chỉ thị số 35-CT/TW của Bộ Chính trị."
    ]


# --- Ranking and pages -----------------------------------------------------------------


def test_the_text_that_says_it_most_comes_first(client, world, meeting):
    make_report(meeting, world.front, status="accepted", results="<p>Công tác dân vận.</p>")
    make_report(
        meeting,
        world.farmers,
        status="accepted",
        results="<p>Dân vận khéo: dân vận chính quyền, dân vận của lực lượng vũ trang.</p>",
    )

    found = texts(search(client, world.trang, q="dân vận"))

    assert found[0].startswith("Dân vận khéo")
    assert found[1] == "Công tác dân vận."


def test_the_words_side_by_side_beat_the_same_words_scattered(client, world, meeting):
    make_report(
        meeting,
        world.front,
        status="accepted",
        results="<p>Vận động hội viên, vận động đoàn viên vì nhân dân.</p>",
    )
    make_report(meeting, world.farmers, status="accepted", results="<p>Ban Dân vận Tỉnh ủy.</p>")

    found = texts(search(client, world.trang, q="dan van"))

    assert found == [
        "Ban Dân vận Tỉnh ủy.",
        "Vận động hội viên, vận động đoàn viên vì nhân dân.",
    ]


def test_results_come_twenty_a_page(client, world):
    for number in range(25):
        meeting = make_meeting(world.lam_giang, f"{2020 + number // 4}-Q{number % 4 + 1}")
        make_report(meeting, world.front, status="accepted", results="<p>Dân vận khéo.</p>")

    first = search(client, world.trang, q="dan van")
    second = search(client, world.trang, q="dan van", page=2)

    assert len(texts(first)) == 20 and first.context["has_next"]
    assert len(texts(second)) == 5 and not second.context["has_next"]
    # Equal ranks: the newest period first.
    assert first.context["rows"][0].meeting.period_year == 2026


def test_pages_follow_one_order_by_rank_then_newest_period_then_newest_entry(
    client, world, monkeypatch
):
    """The ranking cut into pages: every result once, in one order (issue 19 ranks and cuts
    the page in one level of SQL and reads its rows apart)."""
    monkeypatch.setattr("search.views.PAGE_SIZE", 4)
    most, side_by_side = "Dân vận khéo. Dân vận giỏi.", "Công tác dân vận."
    scattered = "Vận động nhân dân."
    other = make_organization(world.lam_giang, "Hội Cựu chiến binh tỉnh", kind="veterans")
    for period in ("2023-Q1", "2023-Q3", "2023-Q2"):
        meeting = make_meeting(world.lam_giang, period)
        # The same words in two sections of one report: equal ranks, the same period.
        make_report(
            meeting,
            world.front,
            status="accepted",
            results=f"<p>{most}</p>",
            next_tasks=f"<p>{most}</p>",
        )
        make_report(meeting, world.farmers, status="accepted", results=f"<p>{side_by_side}</p>")
        make_report(meeting, other, status="accepted", results=f"<p>{scattered}</p>")

    pages = [search(client, world.trang, q="dan van", page=n).context["rows"] for n in (1, 2, 3)]

    shown = [(entry.text, entry.meeting.period_kind, entry.pk) for page in pages for entry in page]
    assert [len(page) for page in pages] == [4, 4, 4]
    expected = [
        (text, period, pk)
        for text in (most, side_by_side, scattered)
        for period in ("Q3", "Q2", "Q1")
        for pk in sorted(
            SearchEntry.objects.filter(
                text=text, meeting__period_kind=period, meeting__committee=world.lam_giang
            ).values_list("pk", flat=True),
            reverse=True,
        )
    ]
    assert shown == expected
    assert [entry.snippet for entry in pages[0][:2]] == [
        "<mark>Dân</mark> <mark>vận</mark> khéo. <mark>Dân</mark> <mark>vận</mark> giỏi."
    ] * 2
    assert str(pages[2][3].snippet) == "<mark>Vận</mark> động nhân <mark>dân</mark>."


# --- Filters ---------------------------------------------------------------------------


def test_filters_by_kind_organization_and_period(client, world, said):
    q = "hoi nong dan"
    later = make_meeting(world.lam_giang, "2024-Q3", held_on=dt.date(2024, 10, 15))
    make_report(later, world.farmers, status="accepted", results="<p>Hội Nông dân ra quân.</p>")

    everything = texts(search(client, world.trang, q=q))
    directives = texts(search(client, world.trang, q=q, kind="directive"))
    farmers = texts(search(client, world.trang, q=q, organization=world.farmers.pk))
    front = texts(search(client, world.trang, q=q, organization=world.front.pk))
    q3 = texts(search(client, world.trang, q=q, period_from="2024-Q3", period_to="2024-Q4"))

    assert len(everything) == 3
    assert directives == [said["directive"].text]
    assert len(farmers) == 3  # its reports, and the directive assigned to it
    assert front == []
    assert q3 == ["Hội Nông dân ra quân."]


def test_filter_by_committee_among_those_the_user_reads(client, world, said):
    commune_meeting = make_meeting(world.commune, "2024-Q1", held_on=dt.date(2024, 4, 10))
    make_report(
        commune_meeting, world.commune_front, status="accepted", results="<p>Dân vận xã.</p>"
    )
    from organizations.models import RoleKind
    from tests.factories import make_role

    make_role(world.trang, world.commune, RoleKind.STAFF)

    both = texts(search(client, world.trang, q="dan van"))
    commune_only = texts(search(client, world.trang, q="dan van", committee=world.commune.pk))
    foreign = search(client, world.trang, q="dan van", committee=world.ha_son.pk)

    assert len(both) == 2
    assert commune_only == ["Dân vận xã."]
    assert texts(foreign) == [] and foreign.context["form"].errors


def test_the_committee_filter_offers_the_committees_the_user_reads(client, world, said):
    from organizations.models import RoleKind
    from tests.factories import make_role

    def offered(response) -> list[str]:
        return [label for _value, label in response.context["form"].fields["committee"].choices]

    one = search(client, world.trang, q="dan van")  # their one committee, from their roles
    make_role(world.trang, world.commune, RoleKind.STAFF)
    two = search(client, world.trang, q="dan van")
    chosen = search(client, world.trang, q="dan van", committee=world.lam_giang.pk)

    assert offered(one)[1:] == [world.lam_giang.name]
    assert offered(two)[1:] == [world.commune.name, world.lam_giang.name]  # by level
    assert f'<option value="{world.lam_giang.pk}" selected>' in chosen.content.decode()


# --- Who finds what ----------------------------------------------------------------------


def test_nobody_finds_another_committees_texts(client, world, said):
    assert texts(search(client, world.minh, q="dan van")) == []


def test_reporters_do_not_find_another_organizations_draft(client, world, said):
    assert texts(search(client, world.khoi, q="giai ngan")) == []  # the farmers' draft
    assert texts(search(client, world.ha, q="giai ngan")) != []  # their own draft
    assert texts(search(client, world.bao, q="giai ngan")) != []  # the leader reads drafts
    services.submit_report(report=said["farmers"], by=world.ha)
    assert texts(search(client, world.khoi, q="giai ngan")) != []


def test_a_draft_conclusion_is_found_by_staff_not_by_reporters(client, world, said):
    conclusion = said["conclusion"]
    conclusion.status = "draft"
    conclusion.save(update_fields=["status"])
    index_for_search(conclusion.meeting)

    assert texts(search(client, world.khoi, q="35-CT/TW")) == []
    assert texts(search(client, world.khoi, q="phong chong dich benh")) == []
    assert texts(search(client, world.trang, q="35-CT/TW")) != []
    assert texts(search(client, world.trang, q="phong chong dich benh")) != []


def test_removed_proposals_and_directives_are_not_found_until_restored(
    client, world, said, no_page_cache
):
    proposal = said["front"].proposals.get()
    proposal.archive(world.trang)
    said["directive"].archive(world.trang)
    index_for_search(proposal.report.meeting)

    assert texts(search(client, world.trang, q="bo tri kinh phi")) == []
    assert texts(search(client, world.trang, q="phong chong dich benh")) == []
    services.restore_removed(
        proposals=Proposal.all_objects.none(),
        directives=Directive.all_objects.filter(pk=said["directive"].pk),
        by=world.trang,
    )
    assert texts(search(client, world.trang, q="phong chong dich benh")) == [said["directive"].text]


# --- Kept up to date ---------------------------------------------------------------------


def test_an_edited_report_is_found_by_its_new_words_only(client, world, said):
    report = Report.objects.get(pk=said["farmers"].pk)
    report.results = "<p>Hội Nông dân tổ chức 45 lớp tập huấn chuyển giao khoa học kỹ thuật.</p>"
    services.save_report(report=report, by=world.trang)

    assert texts(search(client, world.trang, q="giai ngan")) == []
    assert len(texts(search(client, world.trang, q="tap huan khoa hoc ky thuat"))) == 1


def test_a_meeting_moved_to_another_period_moves_its_results(client, world, said, meeting):
    from meetings.periods import Period

    meeting.period = Period(2023, "Q4")
    meeting.held_on = dt.date(2024, 1, 15)
    services.save_meeting(meeting=meeting, attendance=[], by=world.trang)

    assert texts(search(client, world.trang, q="dan van", period_to="2023-Q4")) != []
    assert texts(search(client, world.trang, q="dan van", period_from="2024-Q1")) == []


def test_rebuild_command_and_demo_data_fill_the_index(client, demo_accounts, capsys):
    from accounts.models import User

    staff = User.objects.get(username="canbo")
    assert texts(search(client, staff, q="dai hoi dai bieu mttq"))
    SearchEntry.objects.all().delete()

    call_command("rebuild_search_index")

    assert "Search index rebuilt" in capsys.readouterr().out
    assert texts(search(client, staff, q="4934-CV/TU"))


# --- Cost ------------------------------------------------------------------------------


@pytest.mark.usefixtures("no_page_cache")
def test_the_results_page_costs_the_same_few_queries_for_3_or_20_results(client, world):
    client.force_login(world.trang)

    def count_for(query: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"q": query, "kind": "report"})
        assert response.status_code == 200
        return len(queries), len(response.context["rows"])

    other = make_organization(world.lam_giang, "Hội Cựu chiến binh tỉnh", kind="veterans")
    for number in range(20):
        meeting = make_meeting(world.lam_giang, f"{2020 + number // 4}-Q{number % 4 + 1}")
        make_report(meeting, world.front, status="accepted", results="<p>Dân vận khéo.</p>")
        make_report(meeting, other, status="accepted", results="<p>Cựu chiến binh gương mẫu.</p>")
        if number < 3:
            make_report(meeting, world.farmers, status="accepted", results="<p>Ít gặp.</p>")
    many, shown_many = count_for("dan van")
    few, shown_few = count_for("it gap")

    assert (shown_many, shown_few) == (20, 3)
    assert many == few
    # Session, user (with its two-factor devices), roles; the results (with the
    # organizations' names on the meetings' days); the committees (none to read for
    # someone with roles in one committee only) and organizations of the filters; the
    # session's idle-time update (a savepoint, the update, its release).
    assert many <= 9, many


@pytest.mark.usefixtures("no_page_cache")
def test_the_results_page_renders_two_templates_for_2_or_20_results_and_any_options(client, world):
    """No template per result, per filter widget or per option of the filters: the page
    and its base, whatever the number of results and of organizations to choose from."""
    client.force_login(world.trang)

    def templates_for(query: str, **filters) -> tuple[list[str], int]:
        response = client.get(URL, {"q": query, **filters})
        assert response.status_code == 200
        return [t.name for t in response.templates], len(response.context["rows"])

    for number in range(20):
        meeting = make_meeting(world.lam_giang, f"{2020 + number // 4}-Q{number % 4 + 1}")
        make_report(meeting, world.front, status="accepted", results="<p>Dân vận khéo.</p>")
        if number < 2:
            make_report(meeting, world.farmers, status="accepted", results="<p>Ít gặp.</p>")
    many, shown_many = templates_for("dan van")
    few, shown_few = templates_for("it gap")
    for number in range(10):
        make_organization(
            world.lam_giang, f"Chi hội số {number}", kind="veterans", valid_from=dt.date(2020, 1, 1)
        )
    more_options, _shown = templates_for(
        "dan van", committee=world.lam_giang.pk, period_from="2020-Q1", period_to="2024-Q4"
    )

    assert (shown_many, shown_few) == (20, 2)
    assert many == few == more_options == ["search/results.html", "base.html"]


def test_a_superuser_finds_every_committees_texts(client, world, said):
    from tests.factories import make_user

    foreign = make_meeting(world.ha_son, "2024-Q1", held_on=dt.date(2024, 4, 19))
    make_report(foreign, world.foreign_front, status="draft", results="<p>Dân vận Hà Sơn.</p>")
    root = make_user("root", "Quản trị hệ thống", is_superuser=True)

    assert len(texts(search(client, root, q="dan van"))) == 2
    assert texts(search(client, root, q="dan van", committee=world.ha_son.pk)) == [
        "Dân vận Hà Sơn."
    ]


def test_matches_are_ranked_among_the_newest_ones(client, world, monkeypatch):
    monkeypatch.setattr("search.queries.MAX_CANDIDATES", 3)
    for year in (2020, 2021, 2022, 2023, 2024):
        meeting = make_meeting(world.lam_giang, f"{year}-Q2")
        dan_van = "Dân vận, dân vận khéo." if year == 2020 else "Dân vận."
        make_report(meeting, world.front, status="accepted", results=f"<p>{dan_van}</p>")

    found = search(client, world.trang, q="dan van").context["rows"]

    assert [entry.period_year for entry in found] == [2024, 2023, 2022]


def test_the_organization_filter_offers_the_organizations_of_the_committees_the_user_reads(
    client, world, said
):
    from organizations.models import Organization, RoleKind
    from tests.factories import make_role

    def offered(response) -> list[str]:
        return [label for _value, label in response.context["form"].fields["organization"].choices]

    def of(*committees) -> list[str]:
        return list(
            Organization.objects.filter(committee__in=committees)
            .order_by("committee_id", "display_order", "name")
            .values_list("name", flat=True)
        )

    one = search(client, world.trang, q="dan van")
    make_role(world.trang, world.commune, RoleKind.STAFF)
    two = search(client, world.trang, q="dan van")
    chosen = search(client, world.trang, q="dan van", committee=world.commune.pk)
    foreign = search(client, world.trang, q="dan van", committee=world.ha_son.pk)
    nobody = search(client, world.minh, q="dan van", committee=world.lam_giang.pk)

    assert of(world.lam_giang) and of(world.commune)
    assert offered(one) == ["Tất cả", *of(world.lam_giang)]
    assert offered(two) == ["Tất cả", *of(world.lam_giang, world.commune)]
    assert offered(chosen) == ["Tất cả", *of(world.commune)]
    assert offered(foreign) == offered(nobody) == ["Tất cả"]
