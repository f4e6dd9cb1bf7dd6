"""Where a served request's CPU goes: gunicorn's workers, PostgreSQL and the client.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giaoban_bench_nation \\
        .venv/bin/python bench/cpu_split.py --requests 1000 "conclusion form" "search “dan van”"

Serves the app as bench/pages.py does (gunicorn, 2 sync workers, every cache off unless
``--caches``, no worker replaced during the run), signs in two keep-alive clients per
page, and requests each page (and the trivial view first) ``--requests`` times. Printed
for each: requests a second, and the CPU time per request of the gunicorn processes, of
the PostgreSQL server's processes and of this client, read from /proc before and after
(user and system time), and what is left of the machine's cores' time (waiting, or other
processes); and the page faults of gunicorn's processes per request. On this kind of
shared virtual machine, both requests a second and CPU time per request move by up to a
fifth between two runs of the same code (the eighth session's figures in
docs/performance.md): compare runs taken one after the other, alternating, and more than
once.

The throughput ratio of a page to the trivial view is about the ratio of their total CPU
per request (the three columns added), the whole machine being busy in both.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import (  # noqa: E402
    ROOT,
    Client,
    Page,
    free_port,
    key_pages,
    measure,
    prepared_environment,
    start_server,
)

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(matches) -> float:
    """User and system time of the running processes that ``matches(pid, command line)``."""
    return _summed(matches, 11, 12) / TICKS  # utime, stime


def page_faults(matches) -> int:
    """The minor page faults of the running processes that ``matches``: memory touched
    for the first time, or again after it was given back to the system."""
    return _summed(matches, 7)  # minflt


def _summed(matches, *columns: int) -> int:
    """``columns`` of /proc/PID/stat (counted after the command's name) summed over the
    running processes that ``matches``."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, UnicodeDecodeError):
            continue  # ended meanwhile, or not ours to read
        if matches(int(pid), command):
            total += sum(int(fields[column]) for column in columns)
    return total


def gunicorn(_pid: int, command: str) -> bool:
    return "gunicorn" in command


def postgres(_pid: int, command: str) -> bool:
    return command.startswith("postgres")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="key pages of bench/pages.py (default: all)")
    parser.add_argument("--requests", type=int, default=1000, help="per page (default 1000)")
    parser.add_argument("--caches", action="store_true", help="with the page cache on")
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="serve this checkout")
    args = parser.parse_args()

    known = {page.name: page for page in key_pages()}
    unknown = [name for name in args.pages if name not in known]
    if unknown:
        raise SystemExit(f"No key page {unknown[0]!r}; the key pages are: {', '.join(known)}")
    pages = [Page("trivial view (/healthz)", "/healthz", "staff")]
    pages += [known[name] for name in args.pages] if args.pages else list(known.values())
    with tempfile.TemporaryDirectory(prefix="giaoban-bench-") as static_root:
        env = prepared_environment(static_root, args.app_dir, caches=args.caches)
        env["GUNICORN_MAX_REQUESTS"] = "0"  # a worker replaced takes its CPU time with it
        port = free_port()
        server = start_server(env, port, args.app_dir)
        try:
            print(
                "| page | req/s | gunicorn ms | PostgreSQL ms | client ms | total ms | rest ms "
                "| gunicorn page faults |"
            )
            print("|---|---:|---:|---:|---:|---:|---:|---:|")
            for page in pages:
                clients = [Client(port) for _ in range(2)]
                for client in clients:
                    client.sign_in(f"bench_{page.user}")
                measure(clients, page, 100, 3)  # warm-up
                faults = page_faults(gunicorn)
                before = (cpu_seconds(gunicorn), cpu_seconds(postgres), os.times())
                started = time.perf_counter()
                sample = measure(clients, page, args.requests, 0)
                elapsed = time.perf_counter() - started
                after = (cpu_seconds(gunicorn), cpu_seconds(postgres), os.times())
                count = len(sample.latencies)
                faults = (page_faults(gunicorn) - faults) / count
                served = (after[0] - before[0]) * 1000 / count
                database = (after[1] - before[1]) * 1000 / count
                own = after[2].user + after[2].system - before[2].user - before[2].system
                own = own * 1000 / count
                total = served + database + own
                rest = (os.cpu_count() or 1) * elapsed * 1000 / count - total
                print(
                    f"| {page.name} | {count / elapsed:.1f} | {served:.2f} | {database:.2f} "
                    f"| {own:.2f} | {total:.2f} | {rest:.2f} | {faults:.1f} |"
                )
                for client in clients:
                    client.conn.close()
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
