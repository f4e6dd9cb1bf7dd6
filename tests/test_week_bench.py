"""The reporting-week benchmark (bench/week.py) does not rot: its users' flows
(bench/week_flows.py), run here through Django's test client with CSRF checks on,
sign in, save, submit, accept, return and read without a failure, on generated data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
from contextlib import nullcontext
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from bench import week
from bench.week_flows import (
    TRIVIAL,
    Answer,
    Leader,
    Reporter,
    Staff,
    form_fields,
    saved_through_form,
    sign_in,
    trivial,
)
from meetings.models import Conclusion, Report, ReportStatus

ROOT = Path(__file__).resolve().parent.parent


class ClientBrowser:
    """week_flows' Browser on Django's test client; remembers every request's name and
    what its judge said."""

    def __init__(self):
        self.client = Client(enforce_csrf_checks=True)
        self.calls: list[tuple[str, str | None]] = []

    def call(self, name, method, path, *, data=None, headers=None, follow=False, judge=None):
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()}
        if method == "GET":
            response = self.client.get(path, follow=follow, **extra)
        else:
            response = self.client.post(
                path,
                urllib.parse.urlencode(data or []),
                content_type="application/x-www-form-urlencoded",
                follow=follow,
                **extra,
            )
        answer = Answer(
            status=response.status_code,
            text=response.content.decode(),
            headers=response.headers,
            redirected=bool(getattr(response, "redirect_chain", None)),
        )
        reason = judge(answer) if judge else None
        if judge is None and answer.status != 200:
            reason = f"answered {answer.status}"
        answer.ok = reason is None
        self.calls.append((name, reason))
        return answer

    def pause(self, seconds):
        pass

    def hold(self, key):
        return nullcontext()

    def failures(self):
        return [(name, reason) for name, reason in self.calls if reason]


@pytest.fixture
def plan(db):
    call_command("generate_data", "--scale", "tiny", "--jobs", "1", "--yes-i-know")
    return week.prepare(save_every=0, saves_per_cycle=2)


def current_reports(plan):
    pk = int(plan["meeting"].strip("/").rsplit("/", 1)[1])
    return Report.objects.filter(meeting_id=pk)


def test_it_runs_a_reporting_week_cycle_without_failures(plan):
    reporter_account = plan["reporters"][0]
    reporter = ClientBrowser()
    assert sign_in(reporter, reporter_account["username"], plan["password"])
    flow = Reporter(plan, reporter_account)
    flow.step(reporter)
    flow.step(reporter)  # the second save submits
    report = current_reports(plan).get(organization_id=reporter_account["organization"])
    assert report.status == ReportStatus.SUBMITTED
    assert report.results.endswith("<p>[bench 2]</p>")

    staff = ClientBrowser()
    assert sign_in(staff, plan["staff"], plan["password"])
    Staff(plan).step(staff)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    flow.step(reporter)  # the reporter waits: the report is the staff's
    Staff(plan).step(staff)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT  # returned: the week goes on
    assert "[bench 1]" in Conclusion.objects.get(meeting=report.meeting).assessment

    leader = ClientBrowser()
    assert sign_in(leader, plan["leader"], plan["password"])
    reading = Leader(plan)
    for _page in range(4):
        reading.step(leader)
    trivial(leader)

    calls = reporter.calls + staff.calls + leader.calls
    assert [c for b in (reporter, staff, leader) for c in b.failures()] == []
    names = {name for name, _reason in calls}
    assert {
        "write: report draft (autosave)",
        "write: report save",
        "write: report submit",
        "write: report accept",
        "write: report return",
        "write: conclusion save",
        "meeting page (concluded, last year)",
        "dashboard",
        "directive board",
        TRIVIAL,
    } <= names


def test_a_conflict_is_a_failure_not_a_success(plan):
    account = plan["reporters"][0]
    first, second = ClientBrowser(), ClientBrowser()
    for browser in (first, second):
        assert sign_in(browser, account["username"], plan["password"])
    opened = first.call("report form", "GET", account["form"])
    Reporter(plan, account).step(second)  # saved meanwhile by another
    fields = [(n, v) for n, v in form_fields(opened.text)] + [("save", "")]
    answer = first.call(
        "write: report save",
        "POST",
        account["form"],
        data=fields,
        follow=True,
        judge=saved_through_form,
    )
    assert not answer.ok
    assert first.failures()[0][1].startswith("the form came back")


def test_preparing_twice_makes_no_second_account_and_starts_from_drafts(plan):
    again = week.prepare(save_every=0, saves_per_cycle=2)
    assert again["reporters"] == plan["reporters"]
    assert not current_reports(plan).exclude(status=ReportStatus.DRAFT).exists()


def test_the_locustfile_loads_its_users(tmp_path):
    plan = {
        "counts": {"reporter": 3, "staff": 1, "leader": 2, "trivial": 1},
        "save_every": 30,
        "reporters": [],
    }
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    script = (
        "import runpy; m = runpy.run_path('bench/locustfile.py'); "
        "print(sorted((n, c.fixed_count) for n, c in m.items() if n.endswith('User') "
        "and n != 'HttpUser'))"
    )
    found = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "GIAOBAN_WEEK_PLAN": str(tmp_path / "plan.json")},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert found.stdout.strip() == (
        "[('LeaderUser', 2), ('ReporterUser', 3), ('StaffUser', 1), ('TrivialUser', 1)]"
    )
