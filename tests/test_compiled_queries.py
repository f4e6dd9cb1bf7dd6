"""A compiled query (giaoban/compiled.py) gives the rows its queryset gives, for any
values, in one query, on SQLite and on PostgreSQL."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import FilteredRelation, Prefetch, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from giaoban.compiled import CompiledQuery
from meetings.models import Meeting, Report
from organizations.models import Organization
from tests.factories import make_meeting, make_organization, make_report
from tracking.models import DirectiveAssignment
from tracking.queries import open_directives_before


def organizations_with_report(committee, day, meeting):
    return (
        Organization.objects.filter(committee_id=committee)
        .with_names_on(day)
        .annotate(report_here=FilteredRelation("reports", condition=Q(reports__meeting_id=meeting)))
        .select_related("report_here", "committee")
        .order_by("display_order", "pk")
    )


ORGANIZATIONS = CompiledQuery(organizations_with_report, committee=int, day=dt.date, meeting=int)


def described(organizations):
    """What a page reads of each row: fields, annotations, related objects."""
    described = []
    for org in organizations:
        report = getattr(org, "report_here", None)  # set only when there is one
        described.append(
            (
                org.pk,
                org.name,
                org.name_on(dt.date(2024, 4, 19)),
                org.dated_name,
                org.committee.name,
                report.pk if report else None,
                report.results if report else None,
            )
        )
    return described


def test_the_rows_of_the_queryset_for_each_values(world, meeting, dan_van):
    other = make_meeting(world.lam_giang, "2024-Q2")
    make_report(meeting, world.front, results="<p>Quý I</p>")
    make_report(other, world.farmers, results="<p>Quý II</p>")
    for committee in (world.lam_giang, world.ha_son):
        for day in (dt.date(2020, 1, 1), dt.date(2024, 4, 19)):
            for each in (meeting, other):
                values = {"committee": committee.pk, "day": day, "meeting": each.pk}
                expected = described(organizations_with_report(**values))
                assert described(ORGANIZATIONS.fetch(**values)) == expected
    shown = described(
        ORGANIZATIONS.fetch(
            committee=world.lam_giang.pk, day=dt.date(2024, 4, 19), meeting=meeting.pk
        )
    )
    assert [row[5] is not None for row in shown] == [True, False, False]  # the Front's report


def test_one_query_built_once(world, meeting):
    make_report(meeting, world.front)
    values = {"committee": world.lam_giang.pk, "day": meeting.period_end, "meeting": meeting.pk}
    query = CompiledQuery(organizations_with_report, committee=int, day=dt.date, meeting=int)
    for _round in range(3):
        with CaptureQueriesContext(connection) as queries:
            rows = query.fetch(**values)
        assert len(queries) == 1
        assert [hasattr(org, "report_here") for org in rows] == [True, False]
    assert len(query.compiled) == 1  # one database: compiled once


def test_prefetched_lookups_and_values(world, issued):
    earlier, directives = issued()
    meeting = make_meeting(world.lam_giang, "2024-Q2")
    for directive in directives[:2]:
        DirectiveAssignment.objects.create(directive=directive, organization=world.farmers)

    def build(committee, period_end):
        return open_directives_before(
            Meeting(period_end=period_end), committees=[committee]
        ).prefetch_related(
            Prefetch(
                "assignments", queryset=DirectiveAssignment.objects.select_related("organization")
            )
        )

    query = CompiledQuery(build, committee=int, period_end=dt.date)
    values = {"committee": world.lam_giang.pk, "period_end": meeting.period_end}
    with CaptureQueriesContext(connection) as queries:
        rows = query.fetch(**values)
        names = [[a.organization.name for a in d.assignments.all()] for d in rows]
    assert len(queries) == 2  # the directives, their assignments
    assert [d.pk for d in rows] == [d.pk for d in build(**values)]
    assert names == [[a.organization.name for a in d.assignments.all()] for d in build(**values)]
    assert [d.conclusion.meeting.pk for d in rows] == [earlier.pk] * 3
    assert query.fetch(committee=world.lam_giang.pk, period_end=earlier.period_end) == []

    listed = CompiledQuery(
        lambda conclusion: (
            DirectiveAssignment.objects.filter(directive__conclusion_id=conclusion)
            .order_by("directive_id", "-is_lead", "pk")
            .values_list("directive_id", "organization_id", "is_lead")
        ),
        conclusion=int,
    )
    conclusion = directives[0].conclusion_id
    assert listed.fetch(conclusion=conclusion) == list(
        DirectiveAssignment.objects.filter(directive__conclusion_id=conclusion)
        .order_by("directive_id", "-is_lead", "pk")
        .values_list("directive_id", "organization_id", "is_lead")
    )
    assert len(listed.fetch(conclusion=conclusion)) == 5


def test_a_value_that_is_not_a_parameter_is_refused(db):
    sliced = CompiledQuery(lambda count: Report.objects.all()[:count], count=int)
    with pytest.raises(ImproperlyConfigured):
        sliced.fetch(count=3)


def test_a_query_built_differently_for_other_values_is_refused(db):
    """Compiled once, it would run for every value as built for the first one."""
    by_value = CompiledQuery(
        lambda meeting: Report.objects.filter(
            meeting_id=meeting,
            **({"status": "draft"} if meeting < 2_100_000_500 else {"status": "sent"}),
        ),
        meeting=int,
    )
    with pytest.raises(ImproperlyConfigured):
        by_value.fetch(meeting=1)


def test_a_query_that_reads_today_is_refused(db):
    """Today's date read by the build would be kept as it was at the first request."""
    by_today = CompiledQuery(
        lambda meeting: Meeting.objects.filter(pk=meeting, period_end__lte=timezone.localdate()),
        meeting=int,
    )
    with pytest.raises(ImproperlyConfigured):
        by_today.fetch(meeting=1)


def test_a_query_that_derives_from_a_value_is_refused(db):
    """The month of the day given, taken by the build, would be January for every day."""
    by_month = CompiledQuery(
        lambda day: Meeting.objects.filter(period_end__lte=day, period_end__month=day.month),
        day=dt.date,
    )
    with pytest.raises(ImproperlyConfigured):
        by_month.fetch(day=dt.date(2024, 6, 30))


def test_an_id_no_column_holds_matches_nothing(world, dan_van):
    """As the ORM answers an address with an id too large: no row (a 404), not an error."""
    one = CompiledQuery(lambda pk: Organization.objects.filter(pk=pk), pk=int)
    some = CompiledQuery(
        lambda ids: Organization.objects.filter(pk__in=ids).order_by("pk"), ids=list
    )

    assert one.fetch(pk=2**63) == list(Organization.objects.filter(pk=2**63)) == []
    assert some.fetch(ids=[2**64]) == []
    assert some.fetch(ids=[2**64, world.front.pk]) == [world.front]


def test_values_of_another_kind_are_refused(world):
    with pytest.raises(TypeError):
        ORGANIZATIONS.fetch(committee="1", day=dt.date(2024, 1, 1), meeting=1)
    with pytest.raises(TypeError):
        ORGANIZATIONS.fetch(committee=1, day=dt.datetime(2024, 1, 1), meeting=1)  # noqa: DTZ001
    with pytest.raises(TypeError):
        ORGANIZATIONS.fetch(committee=1, day=dt.date(2024, 1, 1))
    with pytest.raises(ImproperlyConfigured):
        CompiledQuery(lambda name: Organization.objects.filter(name=name), name=str)


def test_a_name_given_twice_is_both_parameters(world, dan_van):
    make_organization(world.ha_son, "Hội Nông dân tỉnh Hà Sơn", kind="farmers")
    query = CompiledQuery(
        lambda committee: (
            Organization.objects.filter(committee_id=committee)
            .exclude(committee_id=committee, kind="party_body")
            .order_by("pk")
        ),
        committee=int,
    )
    for committee in (world.lam_giang, world.ha_son):
        assert query.fetch(committee=committee.pk) == list(
            Organization.objects.filter(committee=committee)
            .exclude(kind="party_body")
            .order_by("pk")
        )


def test_a_list_is_compiled_for_each_length(world, dan_van):
    query = CompiledQuery(
        lambda ids, committee: Organization.objects.filter(
            pk__in=ids, committee_id=committee
        ).order_by("pk"),
        ids=list,
        committee=int,
    )
    everyone = list(Organization.objects.order_by("pk"))
    for ids in ([world.front.pk], [dan_van.pk, world.front.pk, world.foreign_front.pk]):
        for committee in (world.lam_giang, world.ha_son):
            with CaptureQueriesContext(connection) as queries:
                rows = query.fetch(ids=ids, committee=committee.pk)
            assert len(queries) == 1
            assert rows == [o for o in everyone if o.pk in ids and o.committee_id == committee.pk]
    assert len(query.compiled) == 2  # one per length: 1, and 3 made 4
    query.fetch(
        ids=[world.front.pk, dan_van.pk, world.front.pk, dan_van.pk], committee=world.lam_giang.pk
    )
    assert len(query.compiled) == 2  # 4 as 3 was
    with pytest.raises(ValueError):
        query.fetch(ids=[], committee=world.lam_giang.pk)
    with pytest.raises(TypeError):
        query.fetch(ids=world.front.pk, committee=world.lam_giang.pk)
    with pytest.raises(TypeError):
        query.fetch(ids=["1"], committee=world.lam_giang.pk)


def test_the_build_s_own_words_are_written_in_the_sql(world, issued):
    """A status or a progress is in the SQL (PostgreSQL's plan made once for the prepared
    statement knows it); the values stay parameters, and a string that would need
    quoting stays one too."""
    earlier, directives = issued()
    meeting = make_meeting(world.lam_giang, "2024-Q2")
    DirectiveAssignment.objects.filter(directive=directives[0]).update(progress="done")

    def build(committee, period_end, quoted):
        return (
            open_directives_before(Meeting(period_end=period_end), committees=[committee])
            .exclude(text="l'an %s")
            .exclude(pk=quoted)
        )

    query = CompiledQuery(build, committee=int, period_end=dt.date, quoted=int)
    values = {"committee": world.lam_giang.pk, "period_end": meeting.period_end, "quoted": 0}
    rows = query.fetch(**values)
    assert [d.pk for d in rows] == [d.pk for d in build(**values)]
    assert len(rows) == 2
    (compiled,) = query.compiled.values()
    assert "'issued'" in compiled.sql and "'in_progress'" in compiled.sql
    assert "l'an" not in compiled.sql and "l'an %s" in compiled.params
    assert len(compiled.params) == compiled.sql.count("%s")
    assert query.fetch(**{**values, "quoted": rows[0].pk}) == rows[1:]


def test_every_run_converts_the_columns_as_the_queryset(world, issued):
    # The converters of a compiled query's columns are found at its first run on a
    # connection and kept: the later runs convert the same (on SQLite, a boolean is read
    # as 0 or 1 and a time as text without them).
    _earlier, directives = issued()
    directive = directives[0]
    DirectiveAssignment.objects.create(
        directive=directive,
        organization=world.farmers,
        is_lead=True,
        progress_at=timezone.now(),
    )

    def build(directive):
        return (
            DirectiveAssignment.objects.filter(directive_id=directive)
            .order_by("pk")
            .values_list("is_lead", "progress_at")
        )

    query = CompiledQuery(build, directive=int)
    expected = list(build(directive.pk))
    assert any(progress_at is not None for _lead, progress_at in expected)
    for _ in range(3):
        rows = query.fetch(directive=directive.pk)
        assert rows == expected
        assert all(type(lead) is bool for lead, _at in rows)
        assert all(at is None or isinstance(at, dt.datetime) for _lead, at in rows)
    models = CompiledQuery(
        lambda directive: DirectiveAssignment.objects.filter(directive_id=directive).order_by("pk"),
        directive=int,
    )
    for _ in range(2):
        parts = models.fetch(directive=directive.pk)
        assert [(p.is_lead, p.progress_at) for p in parts] == expected
        assert all(type(p.is_lead) is bool for p in parts)
