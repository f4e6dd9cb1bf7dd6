from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from giaoban.backup import read_backup


class Command(BaseCommand):
    help = "Restore a backup written by `backup` into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if User.objects.exists():
            raise CommandError(
                "The database is not empty. Restore into a new database: create it, run "
                "`manage.py migrate`, then `manage.py restore FILE`."
            )
        try:
            counts = read_backup(path)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {counts['objects']} objects and {counts['files']} files.")
