"""Where one write's time goes: post the real form many times in this process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giaoban_mine_copy \\
        .venv/bin/python bench/profile_write.py "report save" -n 30 --profile

The writes of the reporting week (bench/week_flows.py), through the same pages: the
form is read (GET, not timed) as the benchmark reads it, one text is changed, and the
form is posted back (timed), as the generated accounts (``bench_staff``, the reporters
``bench_reporter_<organization id>`` that bench/week.py makes):

- ``report save`` / ``report submit``: the report form of the current meeting, posted
  with "save" or "submit" (before each submission the report goes back to draft, as
  staff would return it: not timed);
- ``draft``: the report form's autosave (the draft endpoint);
- ``conclusion save``: the current meeting's conclusion form (with the 40 directives
  of bench/big_conclusion.py on a benchmark database).

Printed: median and 95th percentile of the POST's milliseconds, the CPU median of this
process (the database's own work is not in it), and the queries of one POST (``-v``:
each query, with its milliseconds); ``--follow``: the page the write redirects to is
also timed (a write's latency in bench/week.py is the POST and that page). With
``--profile``, pyinstrument's call tree of the POSTs (``--profile cprofile``: the 30
functions with the most exclusive time).

It WRITES (reports, the conclusion, history, search entries, reporter accounts): run it
on a copy of a benchmark database, never on one that others measure.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
import urllib.parse
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giaoban.settings")
# As in production, except that no HTTPS redirect or static manifest is needed here.
os.environ.update(
    DJANGO_DEBUG="0",
    DJANGO_ALLOWED_HOSTS="testserver",
    DJANGO_SSL_REDIRECT="0",
    DJANGO_SECURE_COOKIES="0",
    DJANGO_HSTS_SECONDS="0",
    DJANGO_LOG_LEVEL="WARNING",
    DJANGO_ALLOW_SQLITE="1",
)
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from bench import week  # noqa: E402
from bench.profile_page import sign_in  # noqa: E402
from bench.week_flows import edit, form_fields  # noqa: E402
from meetings import services as meeting_services  # noqa: E402
from meetings.models import Report, ReportStatus  # noqa: E402

WRITES = ("report save", "report submit", "draft", "conclusion save")


class Write:
    """One kind of write, ready to be posted again and again."""

    def __init__(self, kind: str, plan: dict, organization: int | None):
        self.kind, self.plan, self.count = kind, plan, 0
        self.staff = get_user_model().objects.get(username=plan["staff"])
        if kind == "conclusion save":
            self.form, self.field, username = plan["conclusion_form"], "assessment", plan["staff"]
            self.reporter = None
        else:
            reporters = plan["reporters"]
            self.reporter = next(
                (r for r in reporters if r["organization"] == organization), reporters[0]
            )
            self.form, self.field = self.reporter["form"], "results"
            username = self.reporter["username"]
        self.client = Client()
        sign_in(self.client, get_user_model().objects.get(username=username))
        self.username = username

    def prepare(self) -> tuple[str, list[tuple[str, str]], dict]:
        """The path, the data and the headers of the next POST (not timed)."""
        if self.kind == "report submit":
            self.back_to_draft()
        page = self.client.get(self.form)
        if page.status_code != 200:
            raise SystemExit(f"{self.form} answered {page.status_code}")
        fields = form_fields(page.content.decode())
        self.count += 1
        edit(fields, self.field, self.count)
        data = [(n, v) for n, v in fields]
        if self.kind == "draft":
            return self.reporter["draft"], data, {"HTTP_X_REQUESTED_WITH": "fetch"}
        if self.kind == "report save":
            data.append(("save", ""))
        elif self.kind == "report submit":
            data.append(("submit", ""))
        return self.form, data, {}

    def back_to_draft(self) -> None:
        report = (
            Report.objects.filter(
                meeting_id=int(self.plan["meeting"].strip("/").rsplit("/", 1)[1]),
                organization_id=self.reporter["organization"],
                status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED],
            )
            .select_related("meeting")
            .first()
        )
        if report is not None:
            meeting_services.return_report(report=report, by=self.staff, reason="bench")

    def post(self, path: str, data, headers: dict):
        response = self.client.post(
            path,
            urllib.parse.urlencode(data),
            content_type="application/x-www-form-urlencoded",
            **headers,
        )
        expected = 200 if self.kind == "draft" else 302
        if response.status_code != expected:
            body = response.content.decode(errors="replace")
            raise SystemExit(
                f"{path} answered {response.status_code}, not {expected}: {body[:500]}"
            )
        return response

    def follow(self, response) -> None:
        if self.kind != "draft":
            page = self.client.get(response.headers["Location"])
            if page.status_code != 200:
                raise SystemExit(f"the page after the write answered {page.status_code}")


def run(write: Write, n: int, follow: bool) -> tuple[list[float], list[float], list[float]]:
    """Milliseconds of each POST (wall, CPU) and of the page it redirects to (wall)."""
    times, cpu, after = [], [], []
    for _ in range(n):
        path, data, headers = write.prepare()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = write.post(path, data, headers)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        if follow:
            start = time.perf_counter()
            write.follow(response)
            after.append((time.perf_counter() - start) * 1000)
    return times, cpu, after


def counted(write: Write, verbose: bool) -> int:
    path, data, headers = write.prepare()
    with CaptureQueriesContext(connection) as queries:
        write.post(path, data, headers)
    if verbose:
        for number, query in enumerate(queries.captured_queries, start=1):
            print(f"{number:3d} {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")
    return len(queries)


def profiled(write: Write, n: int, how: str) -> None:
    """Only the POSTs are profiled (the GETs that prepare them are left out)."""
    prepared = []
    if how == "cprofile":
        import cProfile
        import pstats

        profile = cProfile.Profile()
        for _ in range(n):
            prepared = write.prepare()
            profile.runcall(write.post, *prepared)
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
        return
    try:
        from pyinstrument import Profiler
    except ImportError:
        raise SystemExit(
            "pyinstrument is not installed (pip install -e '.[dev]'); "
            "--profile cprofile needs nothing."
        ) from None
    profiler = Profiler(interval=0.0005)
    for _ in range(n):
        prepared = write.prepare()
        profiler.start()
        write.post(*prepared)
        profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[int(share * (len(ordered) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("write", choices=WRITES)
    parser.add_argument("-n", type=int, default=20, help="writes to time (default 20)")
    parser.add_argument("--organization", type=int, help="the reporting organization's id")
    parser.add_argument(
        "--follow", action="store_true", help="also time the page the write redirects to"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print the queries")
    parser.add_argument(
        "--profile",
        nargs="?",
        const="pyinstrument",
        choices=["pyinstrument", "cprofile"],
        help="also profile the writes (pyinstrument unless 'cprofile')",
    )
    args = parser.parse_args()

    staticfiles = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": staticfiles}):
        plan = week.prepare(save_every=0, saves_per_cycle=1)
        write = Write(args.write, plan, args.organization)
        run(write, 2, follow=args.follow)  # warm-up: templates, translations, connections
        queries = counted(write, args.verbose)
        times, cpu, after = run(write, args.n, follow=args.follow)
        print(
            f"{args.write}: {write.form} as {write.username}, {connection.vendor}, {args.n} writes"
        )
        print(
            f"POST median {statistics.median(times):.1f} ms, p95 {percentile(times, 0.95):.1f} "
            f"ms, min {min(times):.1f} ms (CPU median {statistics.median(cpu):.1f} ms); "
            f"{queries} queries"
        )
        if after:
            print(
                f"then the page it redirects to: median {statistics.median(after):.1f} ms, "
                f"p95 {percentile(after, 0.95):.1f} ms"
            )
        if args.profile:
            profiled(write, args.n, args.profile)
        if args.write == "report submit":
            write.back_to_draft()


if __name__ == "__main__":
    main()
