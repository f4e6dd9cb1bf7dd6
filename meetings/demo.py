"""Demo meetings of the fictional Tỉnh ủy Lâm Giang, quý I/2024 to the current quarter.

Written in the style of real liaison-meeting reports, not copied from them;
every name is invented. Loading is idempotent: nothing is added if the province
already has meetings.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.db import transaction
from django.utils import timezone

from meetings import richtext
from meetings.citations import find_citations
from meetings.models import (
    Attendance,
    Citation,
    Conclusion,
    ConclusionStatus,
    Directive,
    Disposition,
    Meeting,
    MeetingStatus,
    Proposal,
    Report,
    ReportStatus,
)
from meetings.periods import Period
from organizations.models import Organization, OrganizationKind, PartyCommittee

CHAIR = "Đặng Quốc Bảo"
CHAIR_TITLE = "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh"
PLACE = "Hội trường Tỉnh ủy Lâm Giang"
FIRST = Period(2024, "Q1")

RESULTS = {
    OrganizationKind.FRONT: [
        "Ban Thường trực Ủy ban MTTQ tỉnh chủ động phối hợp tổ chức tốt Cuộc vận động “Toàn dân "
        "đoàn kết xây dựng nông thôn mới, đô thị văn minh”; vận động Quỹ “Vì người nghèo” các cấp "
        "được trên 4,2 tỷ đồng, hỗ trợ xây mới và sửa chữa 65 nhà Đại đoàn kết.",
        "Thực hiện Công văn số 4934-CV/TU của Tỉnh ủy, Ủy ban MTTQ tỉnh hoàn thành dự thảo "
        "Kế hoạch giám sát năm; tổ chức 3 cuộc giám sát chuyên đề và 2 hội nghị phản biện xã hội "
        "đối với dự thảo nghị quyết của HĐND tỉnh.",
        "Tập trung chuẩn bị các điều kiện tổ chức Đại hội đại biểu MTTQ Việt Nam tỉnh lần thứ XI, "
        "nhiệm kỳ 2024-2029; hoàn thành đại hội điểm cấp xã theo đúng hướng dẫn.",
    ],
    OrganizationKind.LABOUR: [
        "Liên đoàn Lao động tỉnh phát triển mới 1.120 đoàn viên, thành lập 9 công đoàn cơ sở; "
        "tổ chức “Tháng Công nhân” với nhiều hoạt động thiết thực, thăm hỏi, tặng quà 1.500 "
        "đoàn viên, người lao động có hoàn cảnh khó khăn.",
        "Phối hợp kiểm tra việc thực hiện chính sách pháp luật lao động tại 12 doanh nghiệp; "
        "tham gia giải quyết kịp thời 2 vụ ngừng việc tập thể, không để phát sinh điểm nóng.",
    ],
    OrganizationKind.FARMERS: [
        "Hội Nông dân tỉnh phối hợp tổ chức 45 lớp tập huấn chuyển giao khoa học kỹ thuật cho "
        "2.300 lượt hội viên; giải ngân Quỹ hỗ trợ nông dân cho 38 dự án với tổng số vốn "
        "3,5 tỷ đồng.",
        "Phong trào nông dân thi đua sản xuất, kinh doanh giỏi tiếp tục lan tỏa; 1.850 hộ đăng ký "
        "đạt danh hiệu sản xuất, kinh doanh giỏi các cấp.",
    ],
    OrganizationKind.WOMEN: [
        "Hội Liên hiệp Phụ nữ tỉnh triển khai hiệu quả Đề án “Hỗ trợ phụ nữ khởi nghiệp”; thành "
        "lập mới 6 tổ hợp tác, 2 hợp tác xã do phụ nữ làm chủ.",
        "Phối hợp tuyên truyền phòng, chống bạo lực gia đình, mua bán người; vận động hội viên "
        "giúp 120 hộ phụ nữ nghèo có địa chỉ cụ thể.",
    ],
    OrganizationKind.VETERANS: [
        "Hội Cựu chiến binh tỉnh tham gia giữ gìn an ninh trật tự ở địa bàn dân cư; 95% cơ sở "
        "Hội đạt trong sạch, vững mạnh; giúp nhau phát triển kinh tế, giảm 42 hộ hội viên nghèo.",
    ],
    OrganizationKind.YOUTH_UNION: [
        "Tỉnh đoàn tổ chức Chiến dịch Thanh niên tình nguyện hè với 210 công trình, phần việc "
        "thanh niên; hỗ trợ 35 dự án khởi nghiệp của đoàn viên, thanh niên.",
        "Triển khai phong trào “Thanh niên chung tay xây dựng chính quyền số”, hướng dẫn người "
        "dân sử dụng dịch vụ công trực tuyến và định danh điện tử.",
    ],
    OrganizationKind.YOUTH_FEDERATION: [
        "Hội Liên hiệp Thanh niên Việt Nam tỉnh tập hợp thanh niên tham gia các hoạt động tình "
        "nguyện, an sinh xã hội; chuẩn bị Đại hội Hội Liên hiệp Thanh niên Việt Nam tỉnh lần thứ "
        "VII, nhiệm kỳ 2024-2029.",
    ],
}
SHORTCOMINGS = [
    "Việc nắm bắt tình hình tư tưởng của đoàn viên, hội viên ở một số cơ sở chưa kịp thời.",
    "Chất lượng sinh hoạt ở một số chi hội chưa cao; nội dung chưa phong phú.",
    "Công tác phối hợp giữa các cấp hội ở một số địa bàn chưa chặt chẽ.",
]
DIFFICULTIES = [
    "Kinh phí hoạt động ở cơ sở còn hạn hẹp; đội ngũ cán bộ kiêm nhiệm nhiều việc.",
    "Sau sắp xếp đơn vị hành chính, một số cơ sở chưa ổn định tổ chức, cán bộ.",
]
NEXT_TASKS = [
    "Tiếp tục tuyên truyền, vận động đoàn viên, hội viên thực hiện tốt chủ trương, đường lối "
    "của Đảng, chính sách, pháp luật của Nhà nước; thực hiện Chỉ thị số 35-CT/TW của Bộ Chính trị.",
    "Nâng cao chất lượng công tác giám sát và phản biện xã hội; chăm lo quyền và lợi ích hợp "
    "pháp, chính đáng của đoàn viên, hội viên.",
]
PROPOSALS = [
    ("Đề nghị Thường trực Tỉnh ủy quan tâm bố trí kinh phí tổ chức đại hội nhiệm kỳ 2024-2029.",
     "Thường trực Tỉnh ủy"),
    ("Đề nghị UBND tỉnh chỉ đạo các sở, ngành phối hợp giải quyết kiến nghị của cử tri về "
     "đền bù giải phóng mặt bằng.", "UBND tỉnh"),
    ("Đề nghị Ban Tổ chức Tỉnh ủy hướng dẫn việc kiện toàn cán bộ chuyên trách cấp xã sau sắp xếp.",
     "Ban Tổ chức Tỉnh ủy"),
]  # fmt: skip
DIRECTIVES = [
    ("Giao {body} tổng hợp những kiến nghị, đề xuất của Mặt trận và các đoàn thể chính trị - xã "
     "hội để báo cáo Thường trực Tỉnh ủy.", "body"),
    ("Mặt trận và các đoàn thể chính trị - xã hội tỉnh tiếp tục đổi mới nội dung, phương thức "
     "hoạt động; đẩy mạnh chuyển đổi số trong hoạt động của tổ chức.", "all"),
    ("Ủy ban MTTQ tỉnh chủ trì, phối hợp tổ chức giám sát việc thực hiện chính sách hỗ trợ người "
     "dân vùng dự án trọng điểm.", "front"),
    ("Hội Nông dân tỉnh phối hợp hướng dẫn hội viên phòng, chống dịch bệnh trên cây trồng, vật "
     "nuôi; mở rộng mô hình liên kết sản xuất.", "farmers"),
]  # fmt: skip


def _html(*paragraphs: str) -> str:
    """Paragraphs stored as the services store them (``richtext.clean``)."""
    return richtext.clean("".join(f"<p>{p}</p>" for p in paragraphs)).html


def _pick(pool: list[str], index: int, count: int = 1) -> list[str]:
    return [pool[(index + offset) % len(pool)] for offset in range(count)]


@transaction.atomic
def load_meetings_demo(province: PartyCommittee, staff, leader, reporter) -> None:
    if province.meetings.exists():
        return
    today = timezone.localdate()
    period, number, serial = FIRST, 101, itertools.count()
    while period.start <= today:
        held_on = period.end + dt.timedelta(days=18)
        _one_meeting(
            province, period, held_on if held_on <= today else None, number, next(serial),
            staff, leader, reporter,
        )  # fmt: skip
        period, number = period.next(), number + 1


def _one_meeting(province, period, held_on, number, index, staff, leader, reporter) -> None:
    now = timezone.now()
    meeting = Meeting(
        committee=province,
        held_on=held_on,
        session="morning",
        place=PLACE,
        chair_name=CHAIR,
        chair_title=CHAIR_TITLE,
        other_attendees="Đại diện lãnh đạo các ban đảng Tỉnh ủy\nĐại diện Văn phòng Tỉnh ủy",
        status=MeetingStatus.PLANNED if held_on is None else MeetingStatus.CONCLUDED,
        created_by=staff,
    )
    meeting.period = period
    if held_on:
        meeting.summary = _html(
            f"Trong {period.label_in_text}, Mặt trận và các đoàn thể chính trị - xã hội tỉnh đã "
            "bám sát chức năng, nhiệm vụ, phát huy tinh thần trách nhiệm, tham mưu Tỉnh ủy lãnh "
            "đạo, chỉ đạo thực hiện các nhiệm vụ theo chương trình, kế hoạch đề ra.",
        )
    meeting.save()
    day = meeting.reference_date
    organizations = list(
        Organization.objects.filter(committee=province).valid_on(day).order_by("display_order")
    )
    reporting = [o for o in organizations if o.reports_at_meetings]
    body = next(o for o in organizations if "Dân vận" in o.name)
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, organization=o, present=held_on is not None)
         for o in [*reporting, body]]
    )  # fmt: skip
    if held_on is None:
        return
    is_latest = held_on + dt.timedelta(days=92) > timezone.localdate()
    reports, proposals, citations = [], [], []
    for position, organization in enumerate(reporting):
        if is_latest and position >= len(reporting) - 2:
            continue  # the two last organizations have not reported yet
        status = ReportStatus.ACCEPTED
        if is_latest:
            status = ReportStatus.SUBMITTED if position % 2 else ReportStatus.DRAFT
        results = _pick(RESULTS[organization.kind], index, 2)
        report = Report(
            meeting=meeting,
            organization=organization,
            results=_html(*results),
            shortcomings=_html(*_pick(SHORTCOMINGS, index + position)),
            difficulties=_html(*_pick(DIFFICULTIES, index + position)),
            next_tasks=richtext.clean(
                "<ul>" + "".join(f"<li>{t}</li>" for t in NEXT_TASKS) + "</ul>"
            ).html,
            status=status,
            submitted_by=reporter if status != ReportStatus.DRAFT else None,
            submitted_at=now if status != ReportStatus.DRAFT else None,
            accepted_by=staff if status == ReportStatus.ACCEPTED else None,
            accepted_at=now if status == ReportStatus.ACCEPTED else None,
        )
        reports.append(report)
    Report.objects.bulk_create(reports)
    for position, report in enumerate(reports):
        text, addressee = PROPOSALS[(index + position) % len(PROPOSALS)]
        answered = not is_latest and position % 3 != 2
        proposals.append(
            Proposal(
                report=report,
                position=1,
                text=text,
                addressed_to=addressee,
                disposition=Disposition.ANSWERED if answered else Disposition.PENDING,
                response=f"{addressee} đã xem xét, chỉ đạo giải quyết." if answered else "",
                responded_by=staff if answered else None,
                responded_at=now if answered else None,
            )
        )
        citations += [
            Citation(report=report, code=f.code, label=f.label)
            for f in find_citations(report.results + report.next_tasks)
        ]
    Proposal.objects.bulk_create(proposals)

    conclusion = Conclusion.objects.create(
        meeting=meeting,
        assessment=_html(
            f"Đồng chí Phó Bí thư Thường trực Tỉnh ủy ghi nhận những nỗ lực, kết quả mà Mặt trận "
            f"và các đoàn thể chính trị - xã hội đạt được trong {period.label_in_text}."
        ),
        shortcomings=_html(
            "Công tác nắm tình hình nhân dân ở một số địa bàn chưa kịp thời; việc phối hợp giữa "
            "các tổ chức có lúc chưa chặt chẽ."
        ),
        orientation=_html(
            f"Về phương hướng, nhiệm vụ {period.next().label_in_text}, đề nghị Mặt trận và các "
            "đoàn thể chính trị - xã hội tập trung thực hiện một số nhiệm vụ trọng tâm sau."
        ),
        notice_number=f"{number}-TB/TU",
        issued_on=held_on + dt.timedelta(days=3),
        status=ConclusionStatus.ISSUED,
        issued_by=leader,
    )
    by_kind = {o.kind: o for o in reporting}
    # Each directive's assignees, tracking's model: reached through the relation, as
    # meetings imports no app above it.
    DirectiveAssignment = Directive.assignments.rel.related_model  # noqa: N806
    directives, assignments = [], []
    for position, (template, target) in enumerate(DIRECTIVES, start=1):
        directive = Directive(
            conclusion=conclusion,
            position=position,
            text=template.format(body=body.name),
            to_all_organizations=target == "all",
        )
        next_period = period.next()
        directive.due_period_year, directive.due_period_kind = next_period.year, next_period.kind
        directive.deadline = directive.compute_deadline()
        directives.append((directive, target))
    Directive.objects.bulk_create([d for d, _target in directives])
    for directive, target in directives:
        if target == "all":
            assignments += [
                DirectiveAssignment(directive=directive, organization=o) for o in reporting
            ]
        else:
            lead = body if target == "body" else by_kind[OrganizationKind(target)]
            assignments.append(
                DirectiveAssignment(directive=directive, organization=lead, is_lead=True)
            )
    DirectiveAssignment.objects.bulk_create(assignments)
    Citation.objects.bulk_create(citations)
