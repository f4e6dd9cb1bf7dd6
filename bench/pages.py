"""Benchmark: the key pages served by gunicorn, on a generated data set.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giaoban_bench_province make bench-pages
    .venv/bin/python bench/pages.py --requests 200 --json bench-province.json

Fill the database first with ``manage.py generate_data --scale province|nation``.
This starts gunicorn (2 sync workers, DEBUG off, static files collected to a
temporary folder) with ``bench.settings`` (the app's settings plus a middleware
that reports each request's database queries in a header), signs in through the
real sign-in page as the generated staff and leader accounts, then requests
each page many times from this process with keep-alive HTTP connections, one
per client thread (``http.client``: no dependency, and this process is not the
server's). Per page: median and 95th percentile latency, requests per second,
queries per request, and the throughput as a share of the trivial page's
(``/healthz`` behind the same session and authentication middleware) measured
in the same run. Every page, the trivial view included, is measured in rounds
(``--rounds``, default 5), each with its share of the requests, so that a spell of
a slower machine weighs on all of them alike.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giaoban.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402

from giaoban.generate import PASSWORD  # noqa: E402
from meetings.models import Directive, Meeting, MeetingStatus  # noqa: E402
from organizations.models import CommitteeLevel, OrganizationKind, Role, RoleKind  # noqa: E402

HOST = "127.0.0.1"


@dataclass
class Page:
    name: str
    path: str
    user: str  # "staff" or "leader"


@dataclass
class Result:
    page: str
    path: str
    requests: int
    median_ms: float
    p95_ms: float
    rps: float
    queries: int
    cached: float = 0.0  # share of the responses served from the page cache
    ratio: float = 0.0


def key_pages() -> list[Page]:
    """The pages of the issue, on the benchmark accounts' province committee."""
    role = Role.objects.select_related("committee").get(
        user__username="bench_staff", kind=RoleKind.STAFF
    )
    committee = role.committee
    assert committee.level == CommitteeLevel.PROVINCE
    meeting = (
        Meeting.objects.filter(committee=committee, status=MeetingStatus.CONCLUDED)
        .annotate(reports_count=Count("reports"))
        .order_by("-period_end")
        .first()
    )
    current = Meeting.objects.filter(committee=committee).order_by("-period_end").first()
    # A report being written this quarter (with its proposals), else the first one due.
    report = (
        current.reports.order_by("organization__display_order").first()
        or meeting.reports.order_by("organization__display_order").first()
    )
    front = committee.organizations.get(kind=OrganizationKind.FRONT)
    farmers = committee.organizations.get(kind=OrganizationKind.FARMERS)
    pages = [
        Page("dashboard", "/tracking/dashboard/", "leader"),
        Page("meeting list", "/meetings/", "staff"),
        Page("meeting page", f"/meetings/{meeting.pk}/", "staff"),
        Page("meeting page (leader)", f"/meetings/{meeting.pk}/", "leader"),
        Page("report form", f"/meetings/{current.pk}/reports/{report.organization_id}/", "staff"),
        Page("conclusion form", f"/meetings/{meeting.pk}/conclusion/", "staff"),
        Page("directive board", "/tracking/board/", "staff"),
        Page(
            "directive board, filtered",
            f"/tracking/board/?organization={farmers.pk}&status=overdue&sort=-deadline",
            "staff",
        ),
        Page("organization page", f"/organizations/{front.pk}/", "staff"),
        Page("search “dan van”", "/search/?q=dan+van", "staff"),
        Page("search “dai hoi mttq”", "/search/?q=dai+hoi+mttq", "staff"),
        Page("search “Đại hội” page 3", "/search/?q=%C4%90%E1%BA%A1i+h%E1%BB%99i&page=3", "staff"),
    ]
    # The current meeting's conclusion, when bench/big_conclusion.py gave it one (40
    # directives): the long form staff save in the reporting week.
    directives = Directive.objects.filter(conclusion__meeting=current).count()
    if directives:
        pages.append(
            Page(
                f"conclusion form, {directives} directives",
                f"/meetings/{current.pk}/conclusion/",
                "staff",
            )
        )
    return pages


# --- the server ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def server_environment(static_root: str, app_dir: Path = ROOT) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_STATIC_ROOT=static_root,
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_LOGIN_FAILURE_LIMIT="1000",
        # The app from app_dir; bench.settings (a regular package) from here.
        PYTHONPATH=os.pathsep.join(dict.fromkeys([str(app_dir), str(ROOT)])),
    )
    return env


def prepared_environment(static_root: str, app_dir: Path, *, caches: bool) -> dict[str, str]:
    """The server's environment, its static files collected; ``caches=False`` switches
    every cache off (the page cache and the shared report and conclusion bodies)."""
    env = server_environment(static_root, app_dir)
    env["DJANGO_PAGE_CACHE"] = env["DJANGO_FRAGMENT_CACHE"] = "1" if caches else "0"
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=app_dir,
        env=env,
        check=True,
    )
    return env


def start_server(
    env: dict[str, str], port: int, app_dir: Path = ROOT, log=None
) -> subprocess.Popen:
    """gunicorn serving ``app_dir``; its own logs go to ``log`` (an open file) if given."""
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "giaoban.wsgi",
            "--workers",
            "2",
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
        ],
        cwd=app_dir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT if log else None,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


# --- the client --------------------------------------------------------------------


class Client:
    """One keep-alive connection with its own cookies, signed in as one account."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}/"
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response, content

    def sign_in(self, username: str) -> None:
        _response, content = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1)
        response, _content = self.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token.decode(), "username": username, "password": PASSWORD},
        )
        if response.status != 302:
            raise SystemExit(f"could not sign in as {username} ({response.status})")


@dataclass
class Sample:
    """What one stretch of requests to one page gave."""

    latencies: list[float]
    queries: list[int]
    hits: list[bool]
    elapsed: float


def measure(clients: list[Client], page: Page, count: int, warmup: int) -> Sample:
    for client in clients:
        for _ in range(warmup):
            response, _content = client.request("GET", page.path)
            if response.status != 200:
                raise SystemExit(f"{page.name}: {page.path} answered {response.status}")
    latencies: list[float] = []
    queries: list[int] = []
    hits: list[bool] = []
    lock = threading.Lock()
    per_client = max(1, count // len(clients))

    def run(client: Client) -> None:
        mine, counted, served = [], [], []
        for _ in range(per_client):
            started = time.perf_counter()
            response, _content = client.request("GET", page.path)
            mine.append((time.perf_counter() - started) * 1000)
            counted.append(int(response.getheader("X-Queries", "0")))
            served.append(response.getheader("X-Page-Cache") == "hit")
            if response.status != 200:
                raise SystemExit(f"{page.name}: {response.status}")
        with lock:
            latencies.extend(mine)
            queries.extend(counted)
            hits.extend(served)

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Sample(latencies, queries, hits, time.perf_counter() - started)


def result(page: Page, samples: list[Sample]) -> Result:
    """The figures of ``page`` over all its ``samples`` (one per round): requests a second
    are all its requests over all the time they took."""
    latencies = sorted(ms for sample in samples for ms in sample.latencies)
    hits = [hit for sample in samples for hit in sample.hits]
    return Result(
        page=page.name,
        path=page.path,
        requests=len(latencies),
        median_ms=round(statistics.median(latencies), 1),
        p95_ms=round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        rps=round(len(latencies) / sum(sample.elapsed for sample in samples), 1),
        queries=max(q for sample in samples for q in sample.queries),
        cached=round(sum(hits) / len(hits), 2),
    )


def table(results: list[Result]) -> str:
    lines = [
        "| page | median ms | p95 ms | req/s | queries | from cache | throughput / trivial |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.page} | {r.median_ms} | {r.p95_ms} | {r.rps} | {r.queries} "
            f"| {r.cached:.0%} | {r.ratio:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="per page (default 200)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="measure every page in this many rounds, each with its share of the "
        "requests (default 5)",
    )
    parser.add_argument("--concurrency", type=int, default=2, help="client connections")
    parser.add_argument("--warmup", type=int, default=3, help="requests per connection first")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--label", default="", help="a name for this run, kept in the JSON")
    parser.add_argument(
        "--app-dir",
        type=Path,
        default=ROOT,
        help="serve the app from this checkout (e.g. an export of an earlier commit, to "
        "measure before and after on the same data)",
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="render every request with every cache off (DJANGO_PAGE_CACHE=0, "
        "DJANGO_FRAGMENT_CACHE=0): the cost of a page after a change",
    )
    parser.add_argument(
        "--worker-restarts",
        action="store_true",
        help="replace gunicorn's workers after max_requests as configured (off by default: "
        "a replacement's wait lands on one page at random)",
    )
    args = parser.parse_args()

    pages = key_pages()
    with tempfile.TemporaryDirectory(prefix="giaoban-bench-") as static_root:
        env = prepared_environment(static_root, args.app_dir, caches=not args.no_page_cache)
        if not args.worker_restarts:
            # A worker replaced mid-run (gunicorn's max_requests, about every 1,000
            # requests) leaves one worker for a second and lands its wait on whichever
            # page is being measured: noise of up to a third in that page's throughput.
            env["GUNICORN_MAX_REQUESTS"] = "0"
        port = free_port()
        server = start_server(env, port, args.app_dir)
        try:
            clients = {}
            for user in ("staff", "leader"):
                clients[user] = [Client(port) for _ in range(args.concurrency)]
                for client in clients[user]:
                    client.sign_in(f"bench_{user}")
            trivial = Page("trivial view (/healthz)", "/healthz", "staff")
            measured = [trivial, *pages]
            samples: dict[str, list[Sample]] = {page.name: [] for page in measured}
            # In rounds, each page and the trivial view a share of their requests in
            # each: a machine that slows down or speeds up for a while (another
            # program, a neighbour on the same host) then weighs on every page alike,
            # not on whichever page was being measured.
            for number in range(args.rounds):
                share = args.requests // args.rounds
                for page in measured:
                    warmup = args.warmup if number == 0 else 0
                    sample = measure(clients[page.user], page, share, warmup)
                    samples[page.name].append(sample)
                print(f"  round {number + 1} of {args.rounds} done", file=sys.stderr)
            results = [result(page, samples[page.name]) for page in measured]
        finally:
            server.terminate()
            server.wait(timeout=30)
    floor = results[0].rps
    for each in results:
        each.ratio = round(each.rps / floor, 2)
    print(table(results))
    if args.json:
        vendor = django.db.connection.vendor
        meetings = Meeting.objects.count()
        Path(args.json).write_text(
            json.dumps(
                {
                    "label": args.label,
                    "database": vendor,
                    "meetings": meetings,
                    "requests_per_page": args.requests,
                    "concurrency": args.concurrency,
                    "rounds": args.rounds,
                    "page_cache": not args.no_page_cache,
                    "results": [asdict(r) for r in results],
                },
                ensure_ascii=False,
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
