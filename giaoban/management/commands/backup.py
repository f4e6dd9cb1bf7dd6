from pathlib import Path

from django.core.management.base import BaseCommand

from giaoban.backup import write_backup


class Command(BaseCommand):
    help = (
        "Write a full backup (every table, archived rows and history included, and every "
        "uploaded file) to one .tar.gz file."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        counts = write_backup(path)
        self.stdout.write(
            f"Backup written to {path}: {counts['tables']} tables, {counts['rows']} rows, "
            f"{counts['files']} files."
        )
