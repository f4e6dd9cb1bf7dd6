"""Remove stored uploads that no row refers to (left by an upload whose transaction failed
after the file was written). Files younger than an hour are left alone: their upload may
still be under way."""

from __future__ import annotations

import datetime as dt

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from documents.services import orphan_files


class Command(BaseCommand):
    help = "Remove stored uploads that no row refers to."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List them, remove nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        orphans = orphan_files(older_than=timezone.now() - dt.timedelta(hours=1))
        for name in orphans:
            self.stdout.write(name)
            if not dry_run:
                default_storage.delete(name)
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(f"{verb} {len(orphans)} file(s).")
