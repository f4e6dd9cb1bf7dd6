"""The queries of the key pages and their plans, on the database of DATABASE_URL.

    DATABASE_URL=postgres://…/giaoban_bench_nation .venv/bin/python bench/explain.py
    … bench/explain.py --page "directive board" --analyze   # EXPLAIN (ANALYZE, BUFFERS)

Renders each key page of bench/pages.py in this process (Django's test client,
signed in as the benchmark account), captures its queries, and runs EXPLAIN on
each one. Prints, per page, every query's time, and flags a sequential scan of
any table larger than ``--large`` rows (default 10,000). Exits with status 1
when such a scan is found, so it can be run as a check.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giaoban.settings")
# The queries of rendering each page, not of serving it kept (giaoban/pagecache.py).
os.environ.setdefault("DJANGO_PAGE_CACHE", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.pages import key_pages  # noqa: E402

SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")


def table_sizes() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r'")
        return dict(cursor.fetchall())


def explain(sql: str, analyze: bool) -> str:
    options = "ANALYZE, BUFFERS" if analyze else "COSTS"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({options}) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", help="only this page (its name in bench/pages.py)")
    parser.add_argument("--analyze", action="store_true", help="EXPLAIN (ANALYZE, BUFFERS)")
    parser.add_argument("--plans", action="store_true", help="print every plan")
    parser.add_argument("--large", type=int, default=10_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("EXPLAIN output here is PostgreSQL's: set DATABASE_URL.")
    settings.ALLOWED_HOSTS = ["testserver"]
    sizes = table_sizes()
    clients = {}
    for user in ("staff", "leader"):
        clients[user] = Client()
        clients[user].force_login(User.objects.get(username=f"bench_{user}"))
    found = False
    for page in key_pages():
        if args.page and page.name != args.page:
            continue
        client = clients[page.user]
        client.get(page.path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path)
        assert response.status_code == 200, (page.path, response.status_code)
        print(f"\n=== {page.name} ({page.path}): {len(captured)} queries")
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                print(f"  {query['time']} s  {sql[:90]}")
                continue
            plan = explain(sql, args.analyze)
            scans = [t for t in SEQ_SCAN.findall(plan) if sizes.get(t, 0) > args.large]
            flag = f"  SEQ SCAN of {', '.join(scans)}" if scans else ""
            found |= bool(scans)
            print(f"  {query['time']} s  {sql[:90]}{flag}")
            if args.plans or scans:
                print("      " + plan.replace("\n", "\n      "))
                print("      SQL: " + sql)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
