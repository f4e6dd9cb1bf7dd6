"""Where one page's time goes: render it many times in this process, every cache off.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giaoban_bench_province \\
        .venv/bin/python bench/profile_page.py "conclusion form" -n 30 --profile

The page is a path (``/meetings/12/conclusion/``, read as ``--user``) or the name of a
key page of bench/pages.py (read as the generated ``bench_staff`` or ``bench_leader``
unless ``--user`` says otherwise). The user is signed in with the test client's
``force_login``; every cache is off (``PAGE_CACHE=False``, ``FRAGMENT_CACHE=False``),
DEBUG is off and the template loaders are the production ones. Printed: mean and median
milliseconds of ``-n`` renders (after one warm-up), the median CPU time of this process,
the page faults a render (the C allocator's bounds set as a gunicorn worker sets them,
unless ``--allocator-default``), the queries, the templates rendered and the bytes of
HTML of one render; with ``--profile``, pyinstrument's call tree of the renders
(``--profile cprofile``: the 30 functions with the most exclusive time, no extra package
needed). It reads, and writes
only the session of its sign-in (not the last sign-in time nor the lockout's access
log).
"""

from __future__ import annotations

import argparse
import os
import resource
import secrets
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giaoban.settings")
# As in production, except that no HTTPS redirect or static manifest is needed here.
os.environ.update(
    DJANGO_DEBUG="0",
    DJANGO_PAGE_CACHE="0",
    DJANGO_FRAGMENT_CACHE="0",  # every cache off: the shared fragments too
    DJANGO_ALLOWED_HOSTS="testserver",
    DJANGO_SSL_REDIRECT="0",
    DJANGO_SECURE_COOKIES="0",
    DJANGO_HSTS_SECONDS="0",
    DJANGO_LOG_LEVEL="WARNING",
    DJANGO_ALLOW_SQLITE="1",  # a demo database is fine for comparing before and after
)
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))

import django  # noqa: E402

# WhiteNoise warns that no static files were collected: none are requested here.
warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.signals import user_logged_in  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.signals import template_rendered  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    override_settings,
    setup_test_environment,
    teardown_test_environment,
)

from giaoban.warmup import keep_memory  # noqa: E402

BENCH_USERS = {"staff": "bench_staff", "leader": "bench_leader"}


def find_page(page: str, user: str | None) -> tuple[str, str]:
    """The path and the username of ``page``: a path as given, or a key page by name."""
    if page.startswith("/"):
        if not user:
            raise SystemExit("A path is read as --user USERNAME.")
        return page, user
    from bench.pages import key_pages

    pages = {p.name: p for p in key_pages()}
    if page not in pages:
        raise SystemExit(f"No key page {page!r}; the key pages are: {', '.join(pages)}")
    return pages[page].path, user or BENCH_USERS[pages[page].user]


def sign_in(client: Client, user) -> None:
    """``force_login`` without what a sign-in records (the last sign-in time, the
    lockout's access log): the session is all this writes."""
    receivers = user_logged_in.receivers
    user_logged_in.receivers = []
    user_logged_in.sender_receivers_cache.clear()
    try:
        client.force_login(user)
    finally:
        user_logged_in.receivers = receivers
        user_logged_in.sender_receivers_cache.clear()


def render(client: Client, path: str) -> bytes:
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}, not 200")
    return response.content


def counted(client: Client, path: str) -> tuple[int, int, int]:
    """Queries, templates rendered and bytes of one render (templates are counted by
    Django's test instrumentation, switched on only for this render: it costs time)."""
    templates = []

    def seen(sender, template, **kwargs):
        templates.append(template.name)

    setup_test_environment()
    template_rendered.connect(seen)
    try:
        with CaptureQueriesContext(connection) as queries:
            body = render(client, path)
    finally:
        template_rendered.disconnect(seen)
        teardown_test_environment()
    return len(queries), len(templates), len(body)


def timed(client: Client, path: str, n: int) -> tuple[list[float], list[float], float]:
    """Wall-clock and CPU milliseconds of each render (the CPU time of this process
    alone: on a busy machine it varies less than the wall clock; the database's own
    work is not in it), and the page faults of a render on average (memory the process
    had given back and touched again)."""
    times, cpu = [], []
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(n):
        start, start_cpu = time.perf_counter(), time.process_time()
        render(client, path)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    return times, cpu, faults / n


def profiled(client: Client, path: str, n: int, how: str, callers: str | None = None) -> None:
    if how == "cprofile":
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(timed, client, path, n)
        stats = pstats.Stats(profile).sort_stats("tottime")
        if callers:
            stats.print_callers(callers)
        else:
            stats.print_stats(30)
        return
    try:
        from pyinstrument import Profiler
    except ImportError:
        raise SystemExit(
            "pyinstrument is not installed (pip install -e '.[dev]'); "
            "--profile cprofile needs nothing."
        ) from None
    profiler = Profiler(interval=0.0005)
    profiler.start()
    timed(client, path, n)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", help='a path, or a key page\'s name such as "conclusion form"')
    parser.add_argument("--user", help="username to sign in as (default: the bench account)")
    parser.add_argument("-n", type=int, default=20, help="renders to time (default 20)")
    parser.add_argument(
        "--profile",
        nargs="?",
        const="pyinstrument",
        choices=["pyinstrument", "cprofile"],
        help="also profile the renders (pyinstrument unless 'cprofile')",
    )
    parser.add_argument(
        "--callers",
        metavar="PATTERN",
        help="with --profile cprofile: who calls the functions matching PATTERN, and how often",
    )
    parser.add_argument("--save", metavar="FILE", help="write one render's HTML to FILE")
    parser.add_argument(
        "--allocator-default",
        action="store_true",
        help="leave the C allocator's bounds as they are (a gunicorn worker sets them: "
        "giaoban.warmup.keep_memory)",
    )
    args = parser.parse_args()
    if not args.allocator_default:
        keep_memory()  # as gunicorn's workers do (gunicorn.conf.py)

    path, username = find_page(args.page, args.user)
    staticfiles = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(
        PAGE_CACHE=False, STORAGES={**settings.STORAGES, "staticfiles": staticfiles}
    ):
        client = Client()
        sign_in(client, get_user_model().objects.get(username=username))
        body = render(client, path)  # warm-up: template loading, translations, connections
        if args.save:
            Path(args.save).write_bytes(body)
        queries, templates, size = counted(client, path)
        times, cpu, faults = timed(client, path, args.n)
        print(f"{path} as {username}, {connection.vendor}, {args.n} renders, every cache off")
        print(
            f"mean {statistics.mean(times):.1f} ms, median {statistics.median(times):.1f} ms, "
            f"min {min(times):.1f} ms (CPU median {statistics.median(cpu):.1f} ms); "
            f"{queries} queries, {templates} templates rendered, {size / 1024:.1f} KB of HTML, "
            f"{faults:.1f} page faults a render"
        )
        if args.profile:
            profiled(client, path, args.n, args.profile, args.callers)


if __name__ == "__main__":
    main()
