"""Benchmark: a reporting week in one committee, with locust (headless) against gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giaoban_bench_province make bench-week
    .venv/bin/python bench/week.py --duration 120 --json bench/results/week.json
    .venv/bin/python bench/week.py --save-every 1        # a save a second per reporter
    .venv/bin/python bench/week.py --saves-per-second 1  # a save a second in the committee

Fill the database first with ``manage.py generate_data --scale province|nation``. In the
province committee of the generated ``bench_staff`` account (the same committee at both
scales, the rest of the country around it at nation scale):

- reporters (one account per reporting organization, ``bench_reporter_<id>``, made here
  through the organizations' services; the locust users of one organization share its
  account and take turns with its report) open the report form of the current quarter's
  meeting, keep a draft through the page's autosave endpoint and save the form every
  ``--save-every`` seconds, and submit it at the last save of a cycle;
- staff (``bench_staff``) open and save the current meeting's conclusion, read the
  meeting page, open and accept the submitted reports, and return to draft the ones
  accepted at their previous round, so that the week goes on;
- leaders (``bench_leader``) read the dashboard, the directive board, the current
  meeting's page and that of a meeting concluded last year;
- one user requests ``/healthz`` once a second with a signed-in session: the trivial
  view, through the same session, authentication and security middleware, in the same
  run, as the baseline.

The server is bench/pages.py's: gunicorn, 2 sync workers, DEBUG off, collected static
files, ``bench.settings``. Before each run the current meeting's reports go back to
draft (``meetings.services.return_report``), so runs start alike; the texts the
benchmark types replace its own last paragraph, so they do not grow from run to run.

Per page and per write: requests, median and 95th percentile latency (a write's is the
time until its author sees the next page: the POST and the page it redirects to),
requests per second, the share answered from any cache (an ``X-Page-Cache`` or
``X-Fragment-Cache`` header saying ``hit``), failures (a write whose form came back, a
conflict, an error message), and the throughput one connection gets relative to the
trivial view's (its median latency over the page's; the trivial view is requested once
a second, so its requests per second say nothing of its capacity).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import pages  # noqa: E402 (sets Django up)
from bench.week_flows import TRIVIAL  # noqa: E402
from giaoban.generate import PASSWORD  # noqa: E402
from meetings import services as meeting_services  # noqa: E402
from meetings.models import Meeting, MeetingStatus, Report, ReportStatus  # noqa: E402
from organizations import services as organization_services  # noqa: E402
from organizations.models import Organization, Role, RoleKind  # noqa: E402

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"


# --- the data ------------------------------------------------------------------------


def committee_of_staff():
    return Role.objects.select_related("committee", "user").get(
        user__username="bench_staff", kind=RoleKind.STAFF
    )


def reporting_organizations(meeting: Meeting) -> list[Organization]:
    day = meeting.reference_date
    return list(
        Organization.objects.filter(committee_id=meeting.committee_id, reports_at_meetings=True)
        .valid_on(day)
        .order_by("display_order", "name")
    )


def reporter_accounts(meeting: Meeting, staff) -> list[dict]:
    """A reporter account for each reporting organization of the meeting (idempotent)."""
    from accounts.models import User

    accounts = []
    for number, organization in enumerate(reporting_organizations(meeting), start=1):
        username = f"bench_reporter_{organization.pk}"
        user = User.objects.filter(username=username).first()
        if user is None:
            organization_services.create_account(
                committee=meeting.committee,
                username=username,
                full_name=f"Người báo cáo số {number}",
                password=PASSWORD,
                kind=RoleKind.REPORTER,
                organization=organization,
                by=staff,
            )
        else:
            organization_services.grant_role(
                user=user,
                committee=meeting.committee,
                kind=RoleKind.REPORTER,
                organization=organization,
            )
        form = f"/meetings/{meeting.pk}/reports/{organization.pk}/"
        accounts.append(
            {
                "username": username,
                "organization": organization.pk,
                "form": form,
                "draft": f"{form}draft/",
            }
        )
    return accounts


def reset(meeting: Meeting, staff) -> int:
    """The current meeting's reports back to draft, as staff would return them."""
    moved = 0
    for report in Report.objects.filter(
        meeting=meeting, status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
    ).select_related("meeting"):
        meeting_services.return_report(report=report, by=staff, reason="bench")
        moved += 1
    return moved


def prepare(*, save_every: float, saves_per_cycle: int) -> dict:
    """Accounts, reset and the plan the users follow (paths and pace)."""
    role = committee_of_staff()
    committee, staff = role.committee, role.user
    meetings = Meeting.objects.filter(committee=committee)
    current = meetings.order_by("-period_end").first()
    concluded = meetings.filter(status=MeetingStatus.CONCLUDED).order_by("-period_end")
    last_year = dt.date(current.period_end.year, 1, 1)
    concluded = concluded.filter(period_end__lt=last_year).first() or concluded.first()
    reporters = reporter_accounts(current, staff)
    returned = reset(current, staff)
    return {
        "committee": committee.name,
        "returned_to_draft": returned,
        "meeting": f"/meetings/{current.pk}/",
        "conclusion_form": f"/meetings/{current.pk}/conclusion/",
        "concluded": f"/meetings/{concluded.pk}/",
        "dashboard": "/tracking/dashboard/",
        "board": "/tracking/board/",
        "reporters": reporters,
        "staff": "bench_staff",
        "leader": "bench_leader",
        "password": PASSWORD,
        "save_every": save_every,
        "saves_per_cycle": saves_per_cycle,
    }


# --- the figures -----------------------------------------------------------------------


@dataclass
class Row:
    name: str
    requests: int
    median_ms: float
    p95_ms: float
    rps: float
    cached: float
    failures: int
    ratio: float = 0.0
    mean_ms: float = 0.0


def rows(samples: list[dict], since: float, until: float) -> list[Row]:
    """Figures by request name, over the samples that started in [since, until)."""
    by_name: dict[str, list[dict]] = {}
    for sample in samples:
        if since <= sample["start"] < until and sample["name"] != "sign-in":
            by_name.setdefault(sample["name"], []).append(sample)
    seconds = until - since
    result = []
    for name, group in by_name.items():
        times = sorted(s["ms"] for s in group)
        result.append(
            Row(
                name=name,
                requests=len(group),
                median_ms=round(statistics.median(times), 1),
                p95_ms=round(times[int(0.95 * (len(times) - 1))], 1),
                rps=round(len(group) / seconds, 2),
                cached=round(sum(s["cached"] for s in group) / len(group), 2),
                failures=sum(not s["ok"] for s in group),
                mean_ms=round(statistics.fmean(times), 1),
            )
        )
    trivial = next((r for r in result if r.name == TRIVIAL), None)
    for row in result:
        # The throughput one connection gets, relative to the trivial view's: medians,
        # because a busy machine's pauses would swing means.
        row.ratio = round(trivial.median_ms / row.median_ms, 2) if trivial else 0.0

    def order(row: Row):
        return (row.name != TRIVIAL, row.name.startswith("write:"), row.name)

    return sorted(result, key=order)


def table(result: list[Row]) -> str:
    lines = [
        "| page or write | requests | median ms | p95 ms | req/s | from cache | failures "
        "| throughput / trivial |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result:
        lines.append(
            f"| {r.name} | {r.requests} | {r.median_ms} | {r.p95_ms} | {r.rps} "
            f"| {r.cached:.0%} | {r.failures} | {r.ratio:.2f} |"
        )
    return "\n".join(lines)


def summary(result: list[Row]) -> str:
    """All reads and all writes of the run, beside the trivial view."""
    reads = [r for r in result if r.name != TRIVIAL and not r.name.startswith("write:")]
    writes = [r for r in result if r.name.startswith("write:")]
    saves = [r for r in writes if r.name in ("write: report save", "write: report submit")]

    def share(group: list[Row]) -> float:
        total = sum(r.requests for r in group)
        return sum(r.cached * r.requests for r in group) / total if total else 0.0

    return (
        f"\nReads {sum(r.rps for r in reads):.1f} req/s ({share(reads):.0%} from cache), "
        f"writes {sum(r.rps for r in writes):.2f}/s, of which report saves and "
        f"submissions in the committee {sum(r.rps for r in saves):.2f}/s; failures "
        f"{sum(r.failures for r in result)}."
    )


def failure_reasons(samples: list[dict]) -> dict[str, int]:
    reasons: dict[str, int] = {}
    for sample in samples:
        if not sample["ok"]:
            key = f"{sample['name']}: {sample['error']}"
            reasons[key] = reasons.get(key, 0) + 1
    return reasons


# --- the run -----------------------------------------------------------------------------


def commit_of(app_dir: Path) -> str:
    found = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=app_dir, capture_output=True, text=True
    )
    return found.stdout.strip()


def split(users: int) -> dict[str, int]:
    """How many of each kind: one trivial user, one staff member (two would conflict over
    the same conclusion, as two people would), a quarter leaders, the rest reporters."""
    if users < 4:
        raise SystemExit("--users: at least 4 (a reporter, staff, a leader, the trivial view)")
    leaders = max(1, users // 4)
    return {"trivial": 1, "staff": 1, "leader": leaders, "reporter": users - 2 - leaders}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20, help="locust users (default 20)")
    parser.add_argument("--duration", type=int, default=120, help="seconds (default 120)")
    parser.add_argument(
        "--warmup", type=int, default=15, help="seconds at the start left out (default 15)"
    )
    parser.add_argument(
        "--save-every",
        type=float,
        default=30,
        help="seconds between a reporter's saves, and between the staff's rounds (30)",
    )
    parser.add_argument(
        "--saves-per-second",
        type=float,
        help="the committee's pace instead: each reporter saves every (reporters / this) "
        "seconds, and the staff's rounds follow",
    )
    parser.add_argument(
        "--saves-per-cycle",
        type=int,
        default=4,
        help="saves of a report, the last one submitting it (default 4)",
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="render every request with every cache off "
        "(DJANGO_PAGE_CACHE=0, DJANGO_FRAGMENT_CACHE=0)",
    )
    parser.add_argument(
        "--app-dir", type=Path, default=ROOT, help="serve the app from this checkout"
    )
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--label", default="", help="a name for this run, kept in the JSON")
    args = parser.parse_args()

    counts = split(args.users)
    load_before = os.getloadavg()
    if args.saves_per_second:
        args.save_every = round(counts["reporter"] / args.saves_per_second, 2)
    plan = prepare(save_every=args.save_every, saves_per_cycle=args.saves_per_cycle)
    plan["counts"] = counts
    print(
        f"{plan['committee']}: {counts['reporter']} reporters on "
        f"{len(plan['reporters'])} organizations, {counts['staff']} staff, "
        f"{counts['leader']} leaders, the trivial view; each reporter saves every "
        f"{args.save_every:g} s; {plan['returned_to_draft']} reports returned to draft first",
        file=sys.stderr,
    )
    with tempfile.TemporaryDirectory(prefix="giaoban-week-") as work:
        env = pages.prepared_environment(
            str(Path(work) / "static"), args.app_dir, caches=not args.no_page_cache
        )
        port = pages.free_port()
        # The server's access log would bury the table: kept in a file, shown on failure.
        server_log = (Path(work) / "server.log").open("w")
        server = pages.start_server(env, port, args.app_dir, log=server_log)
        plan_file, samples_file = Path(work) / "plan.json", Path(work) / "samples.json"
        plan_file.write_text(json.dumps(plan))
        try:
            started = time.time()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(LOCUSTFILE),
                    "--headless",
                    "--only-summary",
                    "--host",
                    f"http://{pages.HOST}:{port}",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(args.users),
                    "--run-time",
                    f"{args.duration}s",
                    "--stop-timeout",
                    "10",
                    "--loglevel",
                    "WARNING",
                ],
                env={
                    **os.environ,
                    "GIAOBAN_WEEK_PLAN": str(plan_file),
                    "GIAOBAN_WEEK_SAMPLES": str(samples_file),
                },
                stdout=sys.stderr,
                check=False,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
            server_log.close()
        if not samples_file.exists():
            print((Path(work) / "server.log").read_text()[-5000:], file=sys.stderr)
            raise SystemExit("locust recorded nothing (the server's log is above)")
        samples = json.loads(samples_file.read_text())
    since = started + args.warmup
    until = max([s["start"] for s in samples], default=since) + 1e-6
    result = rows(samples, since, min(until, started + args.duration))
    window = [s for s in samples if since <= s["start"] < started + args.duration]
    print(table(result))
    print(summary(result))
    reasons = failure_reasons(window)
    if reasons:
        print("\nFailures:", file=sys.stderr)
        for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
            print(f"  {count} × {reason}", file=sys.stderr)
    if args.json:
        from django.db import connection

        Path(args.json).write_text(
            json.dumps(
                {
                    "label": args.label,
                    "database": connection.settings_dict["NAME"],
                    "meetings": Meeting.objects.count(),
                    "committee": plan["committee"],
                    "users": counts,
                    "organizations": len(plan["reporters"]),
                    "duration_s": args.duration,
                    "warmup_s": args.warmup,
                    "save_every_s": args.save_every,
                    "saves_per_cycle": args.saves_per_cycle,
                    "page_cache": not args.no_page_cache,
                    "app_dir": str(args.app_dir),
                    "commit": commit_of(args.app_dir),
                    # Client, server and database share the machine's cores with whatever
                    # else runs: its load before and after, to read the figures by.
                    "load_average_before": [round(x, 2) for x in load_before],
                    "load_average_after": [round(x, 2) for x in os.getloadavg()],
                    "cpus": os.cpu_count(),
                    "results": [asdict(r) for r in result],
                    "failures": reasons,
                },
                ensure_ascii=False,
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
