from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from giaoban.backup import RestoreError, read_backup


class Command(BaseCommand):
    help = (
        "Restore a backup written by `backup` into an empty, migrated database and an "
        "empty storage: all of it, or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            counts = read_backup(path)
        except RestoreError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {counts['rows']} rows and {counts['files']} files.")
