"""Generated data at the sizes of DOMAIN.md, "Scale to plan for", for benchmarks.

``generate(scale)`` fills an empty database with committees, their organizations
(with a merger on 1/7/2025 and a renamed Front), ten years of quarterly meetings,
reports with Vietnamese text of realistic length, proposals, conclusions,
directives with their assignments, progress and updates, then the search index.
Everything is written with ``bulk_create`` in batches (no ``save()``, no signals,
no history rows), one province at a time; the search index is filled by
``search.indexing.reindex_meetings``, as the demo loader does.

Deterministic: the same scale and seed give the same rows (primary keys aside).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, connections, transaction
from django.utils import timezone

from accounts.models import User
from giaoban.generated_texts import (
    COMMUNE_WORDS,
    CONCLUSION,
    DIFFICULTIES,
    DIRECTIVES,
    NEXT_TASKS,
    ORGANIZATIONS,
    PEOPLE,
    PROPOSALS,
    PROVINCES,
    RESULTS,
    SHORTCOMINGS,
)
from meetings.models import (
    Attendance,
    Conclusion,
    ConclusionStatus,
    Directive,
    DirectiveAssignment,
    Disposition,
    Meeting,
    MeetingStatus,
    Progress,
    Proposal,
    Report,
    ReportStatus,
    Session,
)
from meetings.periods import Period
from organizations.models import (
    KIND_ORDER,
    CommitteeLevel,
    Organization,
    OrganizationKind,
    OrganizationName,
    PartyCommittee,
    Role,
    RoleKind,
    Succession,
)
from search.indexing import reindex_meetings
from tracking.models import ProgressUpdate, UpdateKind

PASSWORD = "giaoban-bench-2026"
BATCH = 2000
MERGER_DAY = dt.date(2025, 7, 1)


@dataclass(frozen=True)
class Scale:
    provinces: int
    communes_per_province: int
    years: int


SCALES = {
    # For tests: a small and a larger shape, same code path.
    "tiny": Scale(provinces=1, communes_per_province=2, years=1),
    "small": Scale(provinces=2, communes_per_province=4, years=2),
    "province": Scale(provinces=1, communes_per_province=100, years=10),
    "nation": Scale(provinces=34, communes_per_province=97, years=10),
}

# Accounts for the benchmark, all in the first province committee.
ACCOUNTS = (
    ("bench_staff", "Lê Thị Thu Trang", RoleKind.STAFF),
    ("bench_leader", "Đặng Quốc Bảo", RoleKind.LEADER),
)


def paragraphs(rng: random.Random, pool: list[str], count: int, **names) -> str:
    chosen = rng.sample(pool, min(count, len(pool)))
    return "".join(
        "<p>"
        + text.format(n=rng.randint(12, 4800), m=rng.randint(2, 60), **names).replace("  ", " ")
        + "</p>"
        for text in chosen
    )


class Generator:
    def __init__(
        self,
        scale: Scale,
        *,
        seed: int = 2026,
        today: dt.date | None = None,
        log: Callable[[str], None] = print,
    ):
        self.scale, self.seed, self.log = scale, seed, log
        self.today = today or timezone.localdate()
        current = Period.quarter_of(self.today)
        periods = [current]
        while len(periods) < scale.years * 4:
            periods.append(periods[-1].previous())
        self.periods = list(reversed(periods))
        self.now = timezone.now()
        self.users: dict[str, User] = {}

    # --- the whole thing ---------------------------------------------------------

    def run(self, jobs: int = 1) -> dict[str, float]:
        """Write everything; ``jobs`` processes share the provinces, then the search index
        (PostgreSQL only: SQLite takes one writer at a time)."""
        global _RUNNING
        timings: dict[str, float] = {}
        started = time.monotonic()
        self.make_users()
        _RUNNING = self
        meeting_ids: list[int] = []
        with _pool(jobs) as pool:
            for done, ids in enumerate(pool(_make_province, range(self.scale.provinces)), 1):
                meeting_ids += ids
                self.log(
                    f"  province {done}/{self.scale.provinces}: "
                    f"{len(meeting_ids)} meetings, {time.monotonic() - started:.0f} s"
                )
        postgresql = connection.vendor == "postgresql"
        # Outside a transaction (not in the tests), the text index is rebuilt at the end.
        rebuild = postgresql and not connection.in_atomic_block
        if postgresql:
            # Fresh statistics, or the planner takes the new tables for empty ones and the
            # indexing below reads them with sequential scans.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        timings["tables"] = time.monotonic() - started
        started = time.monotonic()
        meeting_ids.sort()
        chunks = [meeting_ids[i : i + 2000] for i in range(0, len(meeting_ids), 2000)]
        if rebuild:
            # Building the text index once at the end is many times faster than keeping
            # it up to date row by row; the database is empty of anything else.
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX IF EXISTS {TEXT_INDEX}")
        with _pool(jobs) as pool:
            written = sum(pool(reindex_meetings, chunks))
        timings["search index"] = time.monotonic() - started
        self.log(f"  search index: {written} entries, {timings['search index']:.0f} s")
        if rebuild:
            started = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '1GB'")
                cursor.execute(
                    f"CREATE INDEX {TEXT_INDEX} ON search_searchentry USING gin (search_vector)"
                )
                cursor.execute("RESET maintenance_work_mem")
            timings["text index"] = time.monotonic() - started
            started = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            timings["vacuum analyze"] = time.monotonic() - started
        return timings

    def make_users(self) -> None:
        hashed = None
        for username, full_name, _kind in ACCOUNTS:
            user = User(username=username, full_name=full_name, is_active=True)
            if hashed is None:
                user.set_password(PASSWORD)
                hashed = user.password
            user.password = hashed
            self.users[username] = user
        User.objects.bulk_create(self.users.values())
        # bulk_create sets primary keys on PostgreSQL and SQLite alike.

    # --- one province ------------------------------------------------------------

    @transaction.atomic
    def make_province(self, index: int) -> list[int]:
        rng = random.Random(f"{self.seed}-{index}")
        place = PROVINCES[index % len(PROVINCES)] + ("" if index < len(PROVINCES) else f" {index}")
        province = PartyCommittee.objects.create(
            name=f"Tỉnh ủy {place}",
            short_name="Tỉnh ủy",
            level=CommitteeLevel.PROVINCE,
            document_suffix="TU",
            place_name=place,
        )
        communes = PartyCommittee.objects.bulk_create(
            PartyCommittee(
                name=f"Đảng ủy xã {self.commune_name(index, n)}",
                short_name="Đảng ủy xã",
                level=CommitteeLevel.COMMUNE,
                parent=province,
                document_suffix="ĐU",
                place_name=self.commune_name(index, n),
            )
            for n in range(self.scale.communes_per_province)
        )
        if index == 0:
            Role.objects.bulk_create(
                Role(user=self.users[username], committee=province, kind=kind)
                for username, _full_name, kind in ACCOUNTS
            )
        committees = [province, *communes]
        organizations = self.make_organizations(committees)
        return self.make_meetings(rng, committees, organizations)

    @staticmethod
    def commune_name(province: int, n: int) -> str:
        words = COMMUNE_WORDS
        first = words[(n + province) % len(words)]
        second = words[(n // len(words) + 3 * province + 1) % len(words)]
        return f"{first} {second}" + (f" {n // len(words)}" if n >= len(words) else "")

    def make_organizations(self, committees: list[PartyCommittee]) -> dict[int, list]:
        """Per committee: [(organization, kind)], with the Youth Federation merged into the
        Youth Union and the Front renamed on MERGER_DAY."""
        rows = []
        for committee in committees:
            level = "tỉnh" if committee.level == CommitteeLevel.PROVINCE else "xã"
            for kind, pattern, short in ORGANIZATIONS:
                rows.append(
                    Organization(
                        committee=committee,
                        kind=kind,
                        name=pattern.format(
                            level=level, place=committee.place_name, committee=committee.name
                        ),
                        short_name=short,
                        display_order=KIND_ORDER[kind],
                        reports_at_meetings=kind != OrganizationKind.PARTY_BODY,
                        valid_until=MERGER_DAY
                        if kind == OrganizationKind.YOUTH_FEDERATION
                        else None,
                    )
                )
        Organization.objects.bulk_create(rows, batch_size=BATCH)
        names, successions = [], []
        by_committee: dict[int, list] = {}
        for org in rows:
            by_committee.setdefault(org.committee_id, []).append(org)
            if org.kind == OrganizationKind.FRONT:
                old = org.name.replace("Ủy ban MTTQ Việt Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam")
                names.append(
                    OrganizationName(
                        organization=org, name=old, short_name="UBMTTQ", valid_until=MERGER_DAY
                    )
                )
                names.append(
                    OrganizationName(
                        organization=org,
                        name=org.name,
                        short_name=org.short_name,
                        valid_from=MERGER_DAY,
                    )
                )
            else:
                names.append(
                    OrganizationName(
                        organization=org,
                        name=org.name,
                        short_name=org.short_name,
                        valid_until=org.valid_until,
                    )
                )
        for orgs in by_committee.values():
            kinds = {o.kind: o for o in orgs}
            successions.append(
                Succession(
                    predecessor=kinds[OrganizationKind.YOUTH_FEDERATION],
                    successor=kinds[OrganizationKind.YOUTH_UNION],
                    date=MERGER_DAY,
                    note="Hợp nhất theo chủ trương sắp xếp tổ chức bộ máy",
                )
            )
        OrganizationName.objects.bulk_create(names, batch_size=BATCH)
        Succession.objects.bulk_create(successions, batch_size=BATCH)
        return by_committee

    def make_meetings(self, rng, committees, organizations) -> list[int]:
        current = self.periods[-1]
        meetings = []
        for committee in committees:
            for number, period in enumerate(self.periods, start=1):
                is_current = period == current
                held_on = None if is_current else period.end + dt.timedelta(days=rng.randint(3, 25))
                meetings.append(
                    Meeting(
                        committee=committee,
                        period_year=period.year,
                        period_kind=period.kind,
                        period_start=period.start,
                        period_end=period.end,
                        held_on=held_on,
                        session=Session.MORNING if held_on else "",
                        place=f"Hội trường {committee.name}",
                        chair_name=rng.choice(PEOPLE),
                        chair_title=f"Phó Bí thư {committee.name}",
                        status=MeetingStatus.PLANNED if is_current else MeetingStatus.CONCLUDED,
                        created_by=self.users[ACCOUNTS[0][0]],
                    )
                )
                meetings[-1].number = number
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        self.make_meeting_contents(rng, committees, organizations, meetings)
        return [m.pk for m in meetings]

    def make_meeting_contents(self, rng, committees, organizations, meetings) -> None:
        by_pk = {c.pk: c for c in committees}
        staff = self.users[ACCOUNTS[0][0]]
        reports, attendances, conclusions = [], [], []
        for meeting in meetings:
            committee = by_pk[meeting.committee_id]
            day = meeting.held_on or meeting.period_end
            reporting = [
                o
                for o in organizations[committee.pk]
                if o.reports_at_meetings and o.is_valid_on(day)
            ]
            meeting.reporting = reporting
            current = meeting.held_on is None
            for org in reporting:
                if current and rng.random() < 0.5:
                    continue  # not reported yet this quarter
                status = (
                    rng.choice([ReportStatus.DRAFT, ReportStatus.SUBMITTED])
                    if current
                    else ReportStatus.ACCEPTED
                )
                names = {"org": org.name, "committee": committee.name}
                names["suffix"] = committee.document_suffix
                submitted = None if status == ReportStatus.DRAFT else self.stamp(day)
                reports.append(
                    Report(
                        meeting=meeting,
                        organization=org,
                        results=paragraphs(rng, RESULTS, rng.randint(3, 5), **names),
                        shortcomings=paragraphs(rng, SHORTCOMINGS, rng.randint(1, 2)),
                        difficulties=paragraphs(rng, DIFFICULTIES, 1),
                        next_tasks=paragraphs(rng, NEXT_TASKS, rng.randint(1, 2)),
                        status=status,
                        submitted_at=submitted,
                        submitted_by=staff if submitted else None,
                        accepted_at=submitted if status == ReportStatus.ACCEPTED else None,
                    )
                )
                if not current:
                    attendances.append(
                        Attendance(
                            meeting=meeting,
                            organization=org,
                            present=rng.random() < 0.95,
                            representatives=f"đồng chí {rng.choice(PEOPLE)}, Chủ tịch",
                        )
                    )
            if not current:
                conclusions.append(
                    Conclusion(
                        meeting=meeting,
                        assessment=paragraphs(
                            rng, CONCLUSION, 2, period=meeting.period.label_in_text
                        ),
                        shortcomings=paragraphs(rng, SHORTCOMINGS, 2),
                        orientation=paragraphs(rng, NEXT_TASKS, 2),
                        notice_number=f"{meeting.number}-TB/{committee.document_suffix}",
                        issued_on=meeting.held_on + dt.timedelta(days=3),
                        status=ConclusionStatus.ISSUED,
                        issued_by=staff,
                    )
                )
        Report.objects.bulk_create(reports, batch_size=BATCH)
        Attendance.objects.bulk_create(attendances, batch_size=BATCH)
        Conclusion.objects.bulk_create(conclusions, batch_size=BATCH)
        self.make_proposals(rng, reports)
        self.make_directives(rng, conclusions)

    def stamp(self, day: dt.date) -> dt.datetime:
        moment = dt.datetime.combine(day, dt.time(9, 0))
        return min(timezone.make_aware(moment), self.now)

    def make_proposals(self, rng, reports) -> None:
        proposals = []
        for report in reports:
            committee = report.meeting.committee
            for position in range(1, rng.choice((0, 1, 1, 2)) + 1):
                text, addressed = rng.choice(PROPOSALS)
                old = report.meeting.held_on is not None
                disposition = (
                    rng.choice(
                        [
                            Disposition.ANSWERED,
                            Disposition.ANSWERED,
                            Disposition.NOTED,
                            Disposition.REFERRED,
                        ]
                    )
                    if old
                    else Disposition.PENDING
                )
                answered = disposition != Disposition.PENDING
                proposals.append(
                    Proposal(
                        report=report,
                        position=position,
                        text=text.format(committee=committee.name),
                        addressed_to=addressed,
                        disposition=disposition,
                        response="Đã giao cơ quan chuyên môn nghiên cứu, giải quyết theo thẩm "
                        "quyền."
                        if answered
                        else "",
                        referred_to="Ủy ban nhân dân"
                        if disposition == Disposition.REFERRED
                        else "",
                        responded_at=self.stamp(report.meeting.held_on) if answered else None,
                    )
                )
        Proposal.objects.bulk_create(proposals, batch_size=BATCH)

    def make_directives(self, rng, conclusions) -> None:
        directives, plans = [], []
        for conclusion in conclusions:
            meeting = conclusion.meeting
            reporting = meeting.reporting
            next_period = meeting.period.next()
            for position in range(1, rng.randint(6, 9) + 1):
                roll = rng.random()
                due_date = due_year = None
                due_kind = ""
                if roll < 0.5:
                    due_date = next_period.end - dt.timedelta(days=rng.randint(0, 30))
                elif roll < 0.9:
                    due_year, due_kind = next_period.year, next_period.kind
                to_all = position == 1 and rng.random() < 0.3
                directive = Directive(
                    conclusion=conclusion,
                    position=position,
                    text=rng.choice(DIRECTIVES),
                    to_all_organizations=to_all,
                    due_date=due_date,
                    due_period_year=due_year,
                    due_period_kind=due_kind,
                )
                directive.deadline = directive.compute_deadline()
                directives.append(directive)
                if to_all:
                    assignees = reporting
                else:
                    assignees = rng.sample(reporting, 2 if rng.random() < 0.3 else 1)
                plans.append((directive, assignees, meeting))
        Directive.objects.bulk_create(directives, batch_size=BATCH)
        assignments, updates = [], []
        staff = self.users[ACCOUNTS[0][0]]
        for directive, assignees, meeting in plans:
            for lead, org in enumerate(assignees):
                assignment = DirectiveAssignment(
                    directive=directive,
                    organization=org,
                    is_lead=lead == 0 and not directive.to_all_organizations,
                )
                self.progress(rng, assignment, directive.deadline, meeting)
                assignments.append(assignment)
        DirectiveAssignment.objects.bulk_create(assignments, batch_size=BATCH)
        for assignment in assignments:
            if assignment.progress:
                updates.append(
                    ProgressUpdate(
                        assignment=assignment,
                        kind=UpdateKind.PROGRESS,
                        progress=assignment.progress,
                        completed_on=assignment.completed_on,
                        note="Đã triển khai thực hiện theo kế hoạch.",
                        entered_by=staff,
                        on_behalf=True,
                    )
                )
        ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)

    def progress(self, rng, assignment, deadline, meeting) -> None:
        """Progress consistent with the deadline and with how committees work: what was due
        more than a quarter ago was finished (some late) or closed by a later conclusion; the
        recent parts are in progress, not started, or overdue."""
        reference = deadline or meeting.period.next().end
        if reference < self.today - dt.timedelta(days=100):
            assignment.progress = Progress.DONE
            late = rng.random() < 0.15
            offset = rng.randint(1, 40) if late else -rng.randint(0, 40)
            assignment.completed_on = min(reference + dt.timedelta(days=offset), self.today)
        elif rng.random() < 0.5:
            assignment.progress = Progress.IN_PROGRESS
        elif reference < self.today and rng.random() < 0.5:
            assignment.progress = Progress.DONE
            assignment.completed_on = min(reference, self.today)
        if assignment.progress:
            assignment.progress_at = self.stamp(
                assignment.completed_on or min(reference, self.today)
            )


# The generator a worker process works for (inherited when the pool forks).
_RUNNING: Generator | None = None
# Created by search migration 0002 (PostgreSQL only).
TEXT_INDEX = "search_searchentry_vector"


def _make_province(index: int) -> list[int]:
    return _RUNNING.make_province(index)


@contextmanager
def _pool(jobs: int):
    """``map`` in this process, or over ``jobs`` forked processes with their own connections."""
    if jobs <= 1:
        yield lambda function, items: map(function, items)
        return
    connections.close_all()  # each child opens its own
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        yield lambda function, items: pool.imap(function, items)


def generate(
    scale: str, *, seed: int = 2026, jobs: int = 1, log: Callable[[str], None] = print
) -> dict:
    return Generator(SCALES[scale], seed=seed, log=log).run(jobs=jobs)
