import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from giaoban.generate import ACCOUNTS, PASSWORD, SCALES, generate
from meetings.models import Meeting
from organizations.models import PartyCommittee


class Command(BaseCommand):
    help = (
        "Fill an empty database with generated committees, meetings, reports and directives "
        "at the sizes of DOMAIN.md (province or nation), for benchmarks. Deterministic."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="province")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--jobs",
            type=int,
            default=None,
            help="Processes writing at once (default: 2 on PostgreSQL, 1 on SQLite).",
        )
        parser.add_argument(
            "--yes-i-know",
            action="store_true",
            help="Run even with DJANGO_DEBUG off (the accounts' passwords are public: "
            "never on real data).",
        )

    def handle(self, *args, scale: str, seed: int, jobs, yes_i_know: bool, **options):
        if not settings.DEBUG and not yes_i_know:
            raise CommandError(
                "Refusing to generate data with public passwords while DJANGO_DEBUG is off. "
                "Use --yes-i-know only on a throw-away database."
            )
        if PartyCommittee.objects.exists() or Meeting.objects.exists():
            raise CommandError("The database already holds committees: use an empty database.")
        if jobs is None:
            jobs = 2 if connection.vendor == "postgresql" else 1
        if jobs > 1 and connection.vendor != "postgresql":
            raise CommandError("Only PostgreSQL takes several writers at once: use --jobs 1.")
        started = time.monotonic()
        self.stdout.write(f"Generating the {scale} scale (seed {seed}, {jobs} jobs)…")
        timings = generate(scale, seed=seed, jobs=jobs, log=self.stdout.write)
        total = time.monotonic() - started
        parts = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in timings.items())
        self.stdout.write(self.style.SUCCESS(f"Done in {total:.0f} s ({parts})."))
        for username, full_name, kind in ACCOUNTS:
            self.stdout.write(f"  {username}  {PASSWORD}   {kind} ({full_name})")
