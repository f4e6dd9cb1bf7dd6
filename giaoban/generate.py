"""Generated data at the sizes of DOMAIN.md, "Scale to plan for", for benchmarks.

``generate(scale)`` fills an empty database with committees, their organizations
(with a merger on 1/7/2025 and a renamed Front), ten years of quarterly meetings,
reports with Vietnamese text of realistic length, proposals, conclusions,
directives with their assignments, progress and updates, and their search entries.

Each province is made in memory as model instances (no ``save()``, no signals, no
history rows), then written in one transaction. The generator hands out the primary
keys itself: ranges taken from the tables' sequences in province order, so the keys
are the same whatever the number of processes. The province's search entries are
made from the same instances by ``search.indexing`` (the functions the app indexes
with), without reading anything back. PostgreSQL gets every table through ``COPY``;
other databases through ``bulk_create``. ``jobs`` processes share the provinces.

On PostgreSQL outside a transaction (the command, not the tests), the load is a
bulk load: the secondary indexes are dropped first and rebuilt at the end, in
parallel, after ``VACUUM ANALYZE``; as a superuser, the foreign keys' triggers are
skipped while loading (``session_replication_role = replica``: the rows are
consistent by construction).

Deterministic: the same scale and seed give the same rows, and on an empty database
the same primary keys.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import multiprocessing
import random
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from operator import attrgetter, itemgetter

from django.db import connection, connections, models, transaction
from django.db.models import Max
from django.db.models.base import ModelState
from django.utils import timezone

from accounts.models import User
from giaoban import pagecache
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
from meetings import richtext
from meetings.models import (
    Attendance,
    Conclusion,
    ConclusionStatus,
    Directive,
    Disposition,
    Meeting,
    MeetingStatus,
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
from search.indexing import (
    conclusion_entries,
    directive_entries,
    entry_content,
    meeting_entries,
    proposal_entries,
    report_entries,
)
from search.models import SearchEntry
from tracking.models import DirectiveAssignment, Progress, ProgressUpdate, UpdateKind

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
    # Stored as the services store rich text (``richtext.clean``).
    return richtext.paragraphs_of(
        text.format(n=rng.randint(12, 4800), m=rng.randint(2, 60), **names) for text in chosen
    )


class Rows:
    """New instances to write, by model, in the order of ``MODELS``."""

    def __init__(self):
        self.by_model: dict[type[models.Model], list] = {model: [] for model in MODELS}
        self.started = time.monotonic()

    def add(self, model: type[models.Model], objects) -> list:
        objects = list(objects)
        self.by_model[model] += objects
        return objects


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
        self.zone = timezone.get_current_timezone()
        self.stamps: dict[dt.date, dt.datetime] = {}
        self.users: dict[str, User] = {}
        # Set by ``run``: whether this is a bulk load (see the module's docstring), and the
        # turns of the processes that share the provinces.
        self.bulk = self.replica = False
        self.turns: _Turns | None = None

    # --- the whole thing ---------------------------------------------------------

    def run(self, jobs: int = 1) -> dict[str, float]:
        """Write everything; ``jobs`` processes share the provinces (PostgreSQL only:
        SQLite takes one writer at a time)."""
        global _RUNNING
        timings: dict[str, float] = {}
        started = time.monotonic()
        # Outside a transaction (not in the tests), the indexes are rebuilt at the end.
        self.bulk = connection.vendor == "postgresql" and not connection.in_atomic_block
        if self.bulk:
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('is_superuser') = 'on'")
                self.replica = cursor.fetchone()[0]
        self.make_users()
        indexes = _drop_indexes() if self.bulk else []
        _RUNNING = self
        meetings = entries = 0
        spent: dict[str, float] = {}
        try:
            if jobs > 1:
                self.turns = _Turns(multiprocessing.get_context("fork"), stages=2)
            with _pool(jobs) as pool:
                provinces = pool(_make_province, range(self.scale.provinces))
                for done, written in enumerate(provinces, 1):
                    meetings += written.pop("meetings")
                    entries += written.pop("entries")
                    for part, seconds in written.items():
                        spent[part] = spent.get(part, 0) + seconds
                    self.log(
                        f"  province {done}/{self.scale.provinces}: {meetings} meetings, "
                        f"{entries} search entries, {time.monotonic() - started:.0f} s"
                    )
            timings["tables and search index"] = time.monotonic() - started
            self.log(
                "  time in the writing processes: "
                + ", ".join(f"{part} {seconds:.0f} s" for part, seconds in spent.items())
            )
        finally:
            self.turns = None
            if self.bulk:
                # VACUUM first: it has no index to scan, and CREATE INDEX then reads pages
                # with their hint bits set.
                started = time.monotonic()
                with _pool(jobs) as pool:
                    done = list(pool(_execute, [f"VACUUM ANALYZE {t}" for t in _tables()]))
                timings["vacuum analyze"] = time.monotonic() - started
                started = time.monotonic()
                with _pool(jobs) as pool:
                    done += pool(_execute, _by_length(indexes))
                timings["indexes"] = time.monotonic() - started
                for sql, seconds in sorted(done, key=lambda d: -d[1])[:8]:
                    self.log(f"  {seconds:.0f} s: {sql}")
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
        with transaction.atomic():
            User.objects.bulk_create(self.users.values())
            pagecache.changed_everything()
        # bulk_create sets primary keys on PostgreSQL and SQLite alike.

    # --- writing -----------------------------------------------------------------

    def write(self, rows: Rows, turn: int | None = None) -> dict:
        """Write ``rows`` and their search entries in one transaction. ``turn`` is the
        province's number when several processes share the provinces: they take their
        primary keys in that order. Returns what was written and the seconds it took."""
        spent = {"making rows": time.monotonic() - rows.started}
        with transaction.atomic():
            pagecache.changed_everything()
            if self.replica:
                with connection.cursor() as cursor:
                    # The rows are consistent: no foreign key trigger to queue and check.
                    cursor.execute("SET LOCAL session_replication_role = replica")
                    cursor.execute("SET LOCAL synchronous_commit = off")
            started = time.monotonic()
            with self._turn(0, turn):
                firsts = _reserve({model: len(objects) for model, objects in rows.by_model.items()})
            for model, objects in rows.by_model.items():
                for pk, obj in enumerate(objects, firsts[model]):
                    obj.id = pk
            for model, objects in rows.by_model.items():
                _link(model, objects)
            entries = self.search_entries(rows)
            with self._turn(1, turn):
                first = _reserve({SearchEntry: len(entries)})[SearchEntry]
            spent["search entries"] = time.monotonic() - started
            started = time.monotonic()
            for model, objects in rows.by_model.items():
                _write(model, objects, self.now)
            spent["writing tables"] = time.monotonic() - started
            started = time.monotonic()
            _write_entries(entries, first)
            spent["writing search entries"] = time.monotonic() - started
        return {
            "meetings": len(rows.by_model[Meeting]),
            "entries": len(entries),
            **spent,
        }

    @contextmanager
    def _turn(self, stage: int, turn: int | None):
        if self.turns is None or turn is None:
            yield
        else:
            with self.turns.turn(stage, turn):
                yield

    def search_entries(self, rows: Rows) -> list[dict]:
        """The field values of the search entries of ``rows``, as ``search.indexing`` makes
        them (most texts repeat: each distinct one is read once)."""
        known: tuple[dict, dict] = ({}, {})  # plain and formatted values

        def content(value: str, rich: bool) -> tuple[str, str] | None:
            values = known[rich]
            try:
                return values[value]
            except KeyError:
                values[value] = found = entry_content(value, rich)
                return found

        entries: list[dict] = []
        for meeting in rows.by_model[Meeting]:  # its summary (no statements generated)
            entries += meeting_entries(meeting, (), dict, content)
        for report in rows.by_model[Report]:
            entries += report_entries(report, report.meeting, dict, content)
        for proposal in rows.by_model[Proposal]:
            report = proposal.report
            entries += proposal_entries(proposal, report, report.meeting, dict, content)
        for conclusion in rows.by_model[Conclusion]:
            entries += conclusion_entries(conclusion, conclusion.meeting, dict, content)
        for directive in rows.by_model[Directive]:
            conclusion = directive.conclusion
            entries += directive_entries(directive, conclusion, conclusion.meeting, dict, content)
        return entries

    # --- one province ------------------------------------------------------------

    def make_province(self, index: int) -> dict:
        # Hundreds of thousands of new objects and no cycle among them: the cyclic garbage
        # collector would spend a third of the time scanning them.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self.write(self.province_rows(index), turn=index)
        finally:
            if collecting:
                gc.enable()

    def province_rows(self, index: int) -> Rows:
        rows = Rows()
        rng = random.Random(f"{self.seed}-{index}")
        place = PROVINCES[index % len(PROVINCES)] + ("" if index < len(PROVINCES) else f" {index}")
        province = _new(
            PartyCommittee,
            name=f"Tỉnh ủy {place}",
            short_name="Tỉnh ủy",
            level=CommitteeLevel.PROVINCE,
            document_suffix="TU",
            place_name=place,
        )
        communes = [
            _new(
                PartyCommittee,
                name=f"Đảng ủy xã {self.commune_name(index, n)}",
                short_name="Đảng ủy xã",
                level=CommitteeLevel.COMMUNE,
                parent=province,
                document_suffix="ĐU",
                place_name=self.commune_name(index, n),
            )
            for n in range(self.scale.communes_per_province)
        ]
        committees = rows.add(PartyCommittee, [province, *communes])
        if index == 0:
            rows.add(
                Role,
                (
                    _new(Role, user=self.users[username], committee=province, kind=kind)
                    for username, _full_name, kind in ACCOUNTS
                ),
            )
        organizations = self.make_organizations(committees, rows)
        self.make_meetings(rng, committees, organizations, rows)
        return rows

    @staticmethod
    def commune_name(province: int, n: int) -> str:
        words = COMMUNE_WORDS
        first = words[(n + province) % len(words)]
        second = words[(n // len(words) + 3 * province + 1) % len(words)]
        return f"{first} {second}" + (f" {n // len(words)}" if n >= len(words) else "")

    def make_organizations(self, committees: list[PartyCommittee], rows: Rows) -> list[list]:
        """The organizations of each committee, with the Youth Federation merged into the
        Youth Union and the Front renamed on MERGER_DAY."""
        organizations = []
        for committee in committees:
            level = "tỉnh" if committee.level == CommitteeLevel.PROVINCE else "xã"
            for kind, pattern, short in ORGANIZATIONS:
                organizations.append(
                    _new(
                        Organization,
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
        rows.add(Organization, organizations)
        names, successions = [], []
        by_committee: dict[int, list] = {id(committee): [] for committee in committees}
        for org in organizations:
            by_committee[id(org.committee)].append(org)
            if org.kind == OrganizationKind.FRONT:
                old = org.name.replace("Ủy ban MTTQ Việt Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam")
                names.append(
                    _new(
                        OrganizationName,
                        organization=org,
                        name=old,
                        short_name="UBMTTQ",
                        valid_until=MERGER_DAY,
                    )
                )
                names.append(
                    _new(
                        OrganizationName,
                        organization=org,
                        name=org.name,
                        short_name=org.short_name,
                        valid_from=MERGER_DAY,
                    )
                )
            else:
                names.append(
                    _new(
                        OrganizationName,
                        organization=org,
                        name=org.name,
                        short_name=org.short_name,
                        valid_until=org.valid_until,
                    )
                )
        for orgs in by_committee.values():
            kinds = {o.kind: o for o in orgs}
            successions.append(
                _new(
                    Succession,
                    predecessor=kinds[OrganizationKind.YOUTH_FEDERATION],
                    successor=kinds[OrganizationKind.YOUTH_UNION],
                    date=MERGER_DAY,
                    note="Hợp nhất theo chủ trương sắp xếp tổ chức bộ máy",
                )
            )
        rows.add(OrganizationName, names)
        rows.add(Succession, successions)
        return list(by_committee.values())

    def make_meetings(self, rng, committees, organizations, rows: Rows) -> None:
        """Meetings of ``committees`` and all they hold; ``organizations``: those of each
        committee."""
        current = self.periods[-1]
        meetings = []
        for committee, its_organizations in zip(committees, organizations, strict=True):
            for number, period in enumerate(self.periods, start=1):
                is_current = period == current
                held_on = None if is_current else period.end + dt.timedelta(days=rng.randint(3, 25))
                meetings.append(
                    _new(
                        Meeting,
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
                meetings[-1].committee_organizations = its_organizations
        rows.add(Meeting, meetings)
        self.make_meeting_contents(rng, meetings, rows)

    def make_meeting_contents(self, rng, meetings, rows: Rows) -> None:
        staff = self.users[ACCOUNTS[0][0]]
        reports, attendances, conclusions = [], [], []
        for meeting in meetings:
            committee = meeting.committee
            day = meeting.held_on or meeting.period_end
            reporting = [
                o
                for o in meeting.committee_organizations
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
                    _new(
                        Report,
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
                        _new(
                            Attendance,
                            meeting=meeting,
                            organization=org,
                            present=rng.random() < 0.95,
                            representatives=f"đồng chí {rng.choice(PEOPLE)}, Chủ tịch",
                        )
                    )
            if not current:
                conclusions.append(
                    _new(
                        Conclusion,
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
        rows.add(Report, reports)
        rows.add(Attendance, attendances)
        rows.add(Conclusion, conclusions)
        self.make_proposals(rng, reports, rows)
        self.make_directives(rng, conclusions, rows)

    def stamp(self, day: dt.date) -> dt.datetime:
        try:
            return self.stamps[day]
        except KeyError:
            moment = dt.datetime.combine(day, dt.time(9, 0))
            self.stamps[day] = stamp = min(timezone.make_aware(moment, self.zone), self.now)
            return stamp

    def make_proposals(self, rng, reports, rows: Rows) -> None:
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
                    _new(
                        Proposal,
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
        rows.add(Proposal, proposals)

    def make_directives(self, rng, conclusions, rows: Rows) -> None:
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
                directive = _new(
                    Directive,
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
        rows.add(Directive, directives)
        assignments, updates = [], []
        staff = self.users[ACCOUNTS[0][0]]
        for directive, assignees, meeting in plans:
            for lead, org in enumerate(assignees):
                assignment = _new(
                    DirectiveAssignment,
                    directive=directive,
                    organization=org,
                    is_lead=lead == 0 and not directive.to_all_organizations,
                )
                self.progress(rng, assignment, directive.deadline, meeting)
                assignments.append(assignment)
        rows.add(DirectiveAssignment, assignments)
        for assignment in assignments:
            if assignment.progress:
                updates.append(
                    _new(
                        ProgressUpdate,
                        assignment=assignment,
                        kind=UpdateKind.PROGRESS,
                        progress=assignment.progress,
                        completed_on=assignment.completed_on,
                        note="Đã triển khai thực hiện theo kế hoạch.",
                        entered_by=staff,
                        on_behalf=True,
                    )
                )
        rows.add(ProgressUpdate, updates)

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


# Tables in the order they are written (each refers only to those before it).
MODELS = (
    PartyCommittee,
    Organization,
    OrganizationName,
    Succession,
    Role,
    Meeting,
    Report,
    Attendance,
    Conclusion,
    Proposal,
    Directive,
    DirectiveAssignment,
    ProgressUpdate,
)
# The generator a worker process works for (inherited when the pool forks).
_RUNNING: Generator | None = None


def _make_province(index: int) -> dict:
    return _RUNNING.make_province(index)


@functools.cache
def _blueprint(model: type[models.Model]) -> tuple[dict, dict]:
    """The default of each column of ``model``, and its foreign keys' column names."""
    defaults, relations = {}, {}
    for field in model._meta.concrete_fields:
        if field.has_default() and field.default is list:
            # An empty list (``PartyCommittee.absorbed_ids``), shared by every row: the
            # immutable one, stored alike.
            defaults[field.attname] = ()
            continue
        assert not (field.has_default() and callable(field.default)), field  # computed once
        defaults[field.attname] = field.get_default()
        if field.is_relation:
            relations[field.name] = field.attname
    return defaults, relations


def _new(model: type[models.Model], **values) -> models.Model:
    """``model(**values)`` for millions of rows: the same instance (its defaults, its
    related objects cached) without ``Model.__init__``'s generic work, a tenth of its
    time. These models have no callable default and no pre_init or post_init receiver."""
    defaults, relations = _blueprint(model)
    obj = model.__new__(model)
    obj._state = ModelState()
    fields = obj.__dict__
    fields.update(defaults)
    for name, value in values.items():
        column = relations.get(name)
        if column is None:
            fields[name] = value
        else:
            obj._state.fields_cache[name] = value
            fields[column] = None if value is None else value.pk
    return obj


class _Turns:
    """Processes sharing the provinces take their primary keys in province order (stage 0:
    the tables, stage 1: the search entries, made once the other keys are known)."""

    def __init__(self, context, stages: int):
        self.condition = context.Condition()
        self.next = context.Array("i", stages, lock=False)

    @contextmanager
    def turn(self, stage: int, number: int):
        with self.condition:
            self.condition.wait_for(lambda: self.next[stage] == number)
            try:
                yield
            finally:
                self.next[stage] = number + 1
                self.condition.notify_all()


def _reserve(counts: dict) -> dict:
    """The first of ``count`` new primary keys for each model: taken from the table's
    sequence on PostgreSQL, after the largest key elsewhere (one writer at a time)."""
    firsts = {}
    with connection.cursor() as cursor:
        for model, count in counts.items():
            table, column = model._meta.db_table, model._meta.pk.column
            if connection.vendor == "postgresql":
                firsts[model] = 1  # none needed
                if count:
                    cursor.execute(
                        "SELECT setval(s, nextval(s) + %s - 1) - %s + 1 "
                        "FROM pg_get_serial_sequence(%s, %s) AS s",
                        [count, count, table, column],
                    )
                    firsts[model] = cursor.fetchone()[0]
            else:
                top = model._base_manager.aggregate(top=Max("pk"))["top"]
                firsts[model] = (top or 0) + 1
    return firsts


def _link(model: type[models.Model], objects: list) -> None:
    """Copy the keys of the related objects, given before they had one, into the foreign
    key columns (as ``save()`` would), keeping the related objects cached."""
    for field in model._meta.concrete_fields:
        if not field.is_relation:
            continue
        attname, cache = field.attname, field.cache_name
        for obj in objects:
            values = vars(obj)
            if values[attname] is None:
                related = obj._state.fields_cache.get(cache)
                if related is not None:
                    values[attname] = related.pk


def _stamped(field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _write(model: type[models.Model], objects: list, now: dt.datetime) -> None:
    if not objects:
        return
    if connection.vendor != "postgresql":
        model._base_manager.bulk_create(objects, batch_size=BATCH)
        return
    fields = model._meta.concrete_fields
    plain = [f for f in fields if not _stamped(f)]
    stamped = [f for f in fields if _stamped(f)]  # set as save() would
    get, now = attrgetter(*(f.attname for f in plain)), (now,) * len(stamped)
    _copy(model._meta.db_table, plain + stamped, (get(o) + now for o in objects))


def _write_entries(entries: list[dict], first: int | None) -> None:
    """Write search entries given as their field values, with keys from ``first`` on."""
    if not entries:
        return
    if connection.vendor != "postgresql":
        SearchEntry.objects.bulk_create(
            (SearchEntry(id=pk, **values) for pk, values in enumerate(entries, first)),
            batch_size=BATCH,
        )
        return
    # The search vector is generated by the database (search migration 0002).
    fields = SearchEntry._meta.concrete_fields
    defaults = {f.attname: f.get_default() for f in fields}
    get = itemgetter(*(f.attname for f in fields))
    _copy(
        SearchEntry._meta.db_table,
        fields,
        (get({**defaults, **values, "id": pk}) for pk, values in enumerate(entries, first)),
    )


def _copy(table: str, fields: list, rows) -> None:
    """``COPY`` in binary: less work for both ends than text."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    # "varchar(12)" -> "varchar": the names psycopg knows the types by.
    types = [field.db_type(connection).split("(")[0] for field in fields]
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN (FORMAT BINARY)") as copy,
    ):
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)


def _drop_indexes() -> list[tuple[str, str, str]]:
    """Drop the secondary indexes of the tables the generator writes; returns each one's
    table, definition and access method. Indexes of a constraint stay (primary keys,
    unique constraints, those foreign keys rest on)."""
    tables = [model._meta.db_table for model in (*MODELS, SearchEntry)]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text,
                   pg_get_indexdef(i.indexrelid), am.amname
            FROM pg_index i
            JOIN pg_class ix ON ix.oid = i.indexrelid
            JOIN pg_am am ON am.oid = ix.relam
            WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
              AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """,
            [tables],
        )
        found = cursor.fetchall()
        for _table, name, _definition, _method in found:
            cursor.execute(f"DROP INDEX {name}")
    return [(table, definition, method) for table, _name, definition, method in found]


def _by_length(indexes: list[tuple[str, str, str]]) -> list[str]:
    """The definitions of the indexes, the longest to build first: the text index (GIN
    builds take one process), then by the number of rows of the table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT oid::regclass::text, reltuples FROM pg_class WHERE relkind = 'r' "
            "AND relnamespace = current_schema()::regnamespace"
        )
        rows = dict(cursor.fetchall())
    ordered = sorted(indexes, key=lambda index: (index[2] != "gin", -rows.get(index[0], 0)))
    return [definition for _table, definition, _method in ordered]


def _tables() -> list[str]:
    """The tables of the database, the largest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT oid::regclass::text FROM pg_class WHERE relkind = 'r' "
            "AND relnamespace = current_schema()::regnamespace "
            "ORDER BY pg_relation_size(oid) DESC"
        )
        return [table for (table,) in cursor.fetchall()]


def _execute(sql: str) -> tuple[str, float]:
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute(sql)
        cursor.execute("RESET maintenance_work_mem")
    return sql, time.monotonic() - started


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
    timings = Generator(SCALES[scale], seed=seed, log=log).run(jobs=jobs)
    # Once more at the end: forked writers stamp in their own processes.
    pagecache.changed_everything()
    return timings
