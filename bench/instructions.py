"""Instructions one render of a key page costs this process, counted by valgrind.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giaoban_bench_nation \\
        .venv/bin/python bench/instructions.py "conclusion form" --app-dir /tmp/before

On a shared virtual machine the time a page takes moves by a fifth from one run to the
next (docs/performance.md, eighth session), more than most changes save. The number of
instructions does not depend on what else the machine runs: valgrind's callgrind counts
them for the whole of a process that renders the page (as bench/profile_page.py does,
every cache off) ``3 + N`` times, and for one that renders it 3 times; their difference
over N is what one render costs. Two counts of the same code differ by about 1 %
(the collector's runs, the order of dictionaries); a change below 2 % is not seen.
PostgreSQL's own work is not counted (another process); the driver's and Django's are.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Renders a key page in a process of its own, the app from the given checkout.
RENDER = """
import sys
sys.path.insert(0, sys.argv[1])
from bench import profile_page as pp
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import override_settings

pp.setup_test_environment()
static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with override_settings(PAGE_CACHE=False, STORAGES={**settings.STORAGES, "staticfiles": static}):
    path, user = pp.find_page(sys.argv[2], sys.argv[4] or None)
    client = Client()
    pp.sign_in(client, get_user_model().objects.get(username=user))
    for _ in range(3 + int(sys.argv[3])):
        pp.render(client, path)
"""


def counted(app_dir: Path, page: str, renders: int, user: str | None) -> int:
    """Instructions of a process that renders ``page`` 3 + ``renders`` times."""
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            RENDER,
            str(app_dir),
            page,
            str(renders),
            user or "",
        ],
        cwd=app_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode != 0 or not found:
        raise SystemExit(f"The render failed:\n{result.stderr[-3000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="+", help="key pages of bench/pages.py, or paths")
    parser.add_argument("-n", type=int, default=20, help="renders counted (default 20)")
    parser.add_argument("--user", help="username for a path (see bench/profile_page.py)")
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="count this checkout")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is needed: apt-get install valgrind")
    os.environ.setdefault("PYTHONHASHSEED", "0")  # the same dictionaries' order each time
    for page in args.pages:
        base = counted(args.app_dir, page, 0, args.user)
        more = counted(args.app_dir, page, args.n, args.user)
        print(
            f"{page}: {(more - base) / args.n / 1e6:.2f} million instructions a render", flush=True
        )


if __name__ == "__main__":
    main()
