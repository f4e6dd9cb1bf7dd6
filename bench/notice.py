"""Benchmark: generating the conclusion notice of a meeting with 60 directives.

    make bench-notice                      # SQLite
    DATABASE_URL=postgres://… make bench-notice

Builds a throw-away test database (like the test suite), fills one meeting with
60 directives assigned to three organizations each, then times the whole
download view path that matters: ``build_notice`` (queries + python-docx).
Prints the median, 95th percentile and maximum of 30 runs.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giaoban.settings")

import django  # noqa: E402

django.setup()

from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

RUNS = 30
DIRECTIVES = 60


def fill():
    from meetings.models import Conclusion, Directive
    from tests.factories import make_committee, make_meeting, make_organization
    from tracking.models import DirectiveAssignment

    committee = make_committee("Tỉnh ủy Lâm Giang")
    organizations = [
        make_organization(committee, name, kind=kind)
        for name, kind in (
            ("Ủy ban MTTQ Việt Nam tỉnh Lâm Giang", "front"),
            ("Hội Nông dân tỉnh Lâm Giang", "farmers"),
            ("Hội Liên hiệp Phụ nữ tỉnh Lâm Giang", "women"),
        )
    ]
    meeting = make_meeting(
        committee,
        "2024-Q1",
        held_on=dt.date(2024, 4, 19),
        chair_name="Đặng Quốc Bảo",
        chair_title="Phó Bí thư Thường trực Tỉnh ủy",
    )
    paragraph = (
        "<p>Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh đã chủ động tham mưu, "
        "triển khai thực hiện có hiệu quả các nhiệm vụ trọng tâm trong quý.</p>"
    )
    conclusion = Conclusion.objects.create(
        meeting=meeting,
        status="issued",
        notice_number="45-TB/TU",
        issued_on=dt.date(2024, 4, 22),
        assessment=paragraph * 4,
        shortcomings=paragraph * 2,
        orientation=paragraph * 3,
    )
    directives = Directive.objects.bulk_create(
        Directive(
            conclusion=conclusion,
            position=n,
            text=f"Nhiệm vụ số {n}: tiếp tục đổi mới nội dung, phương thức hoạt động; đẩy mạnh "
            "chuyển đổi số trong hoạt động của tổ chức, báo cáo kết quả về Ban Dân vận.",
            due_date=dt.date(2024, 6, 30),
            deadline=dt.date(2024, 6, 30),
        )
        for n in range(1, DIRECTIVES + 1)
    )
    DirectiveAssignment.objects.bulk_create(
        DirectiveAssignment(directive=d, organization=o, is_lead=i == 0)
        for d in directives
        for i, o in enumerate(organizations)
    )
    return meeting


def main() -> None:
    from django.db import connection

    from documents.notice import build_notice

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        meeting = fill()
        build_notice(meeting)  # warm up: imports, templates of python-docx
        times = []
        for _run in range(RUNS):
            start = time.perf_counter()
            content = build_notice(meeting)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f"database: {connection.vendor}; notice with {DIRECTIVES} directives "
            f"({len(content) // 1024} KB), {RUNS} runs: median {statistics.median(times):.0f} ms, "
            f"95th percentile {p95:.0f} ms, max {times[-1]:.0f} ms"
        )
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
