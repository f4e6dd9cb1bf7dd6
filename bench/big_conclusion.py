"""Give a meeting a conclusion of many directives, to measure the conclusion form with them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giaoban_mine \\
        .venv/bin/python bench/big_conclusion.py --directives 40 --user canbo
    .venv/bin/python bench/profile_page.py /meetings/12/conclusion/ --user canbo

Writes: use a database of your own (``manage.py migrate`` and ``manage.py load_demo``),
never a generated benchmark database that others measure (unless
``--benchmark-database``: the benchmarks' own 40-directive conclusion form, made once
after ``generate_data``). The conclusion is saved
through the conclusion page itself (view, form and service, as staff save it), on the
latest meeting the user manages (or ``--meeting``); each directive has a lead and two
co-assignees. Prints the path of the conclusion form.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giaoban.settings")
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from bench.week_flows import form_fields  # noqa: E402
from meetings.forms import assignable_organizations  # noqa: E402
from meetings.models import Directive, Meeting  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--directives", type=int, default=40)
    parser.add_argument("--user", required=True, help="a staff member of the meeting's committee")
    parser.add_argument("--meeting", type=int, help="the meeting's id (default: the latest)")
    parser.add_argument(
        "--benchmark-database",
        action="store_true",
        help="write into a generated benchmark database (its current meeting gets the "
        "conclusion the benchmarks measure; docs/performance.md)",
    )
    args = parser.parse_args()
    if "bench" in str(settings.DATABASES["default"]["NAME"]) and not args.benchmark_database:
        raise SystemExit("This writes: use a database of your own, not a benchmark's.")

    user = get_user_model().objects.get(username=args.user)
    meetings = Meeting.objects.filter(committee__roles__user=user).distinct()
    meeting = (
        meetings.get(pk=args.meeting) if args.meeting else meetings.order_by("-period_end").first()
    )
    organizations = list(assignable_organizations(meeting))
    client = Client()
    client.force_login(user)
    path = f"/meetings/{meeting.pk}/conclusion/"
    # What the page holds now (a conclusion saved earlier keeps its texts and rows), then
    # new directives up to the number asked for, as staff add rows and type them.
    fields = form_fields(client.get(path).content.decode())
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    for name, text in (
        ("assessment", "<p>Đánh giá kết quả.</p>"),
        ("orientation", "<p>Phương hướng, nhiệm vụ.</p>"),
    ):
        if not data.get(name, [""])[0].strip():
            data[name] = [text]
    first = int(data["directives-TOTAL_FORMS"][0])
    if first >= args.directives:
        raise SystemExit(f"{path} already has {first} directives.")
    data["directives-TOTAL_FORMS"] = [str(args.directives)]
    for i in range(first, args.directives):
        data[f"directives-{i}-text"] = [
            f"Nhiệm vụ số {i + 1}: tổng hợp kiến nghị, đề xuất của Mặt trận và các đoàn thể."
        ]
        data[f"directives-{i}-lead"] = [str(organizations[i % len(organizations)].pk)]
        data[f"directives-{i}-co_assignees"] = [
            str(organizations[(i + n) % len(organizations)].pk) for n in (1, 2)
        ]
        data[f"directives-{i}-due_period"] = [meeting.period.next().code]
    response = client.post(path, data)
    if response.status_code != 302:
        raise SystemExit(f"The conclusion was refused ({response.status_code}).")
    saved = Directive.objects.filter(conclusion__meeting=meeting).count()
    print(f"{path}: {saved} directives, {len(organizations)} organizations to choose from")


if __name__ == "__main__":
    main()
