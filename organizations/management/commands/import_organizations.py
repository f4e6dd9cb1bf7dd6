from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organizations import services


class Command(BaseCommand):
    help = (
        "Create committees and organizations from a CSV or XLSX file (columns in README.md). "
        "Every row is checked first; nothing is written if any row is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open("rb") as data:
            result = services.import_organizations(data=data, filename=path.name)
        if not result.ok:
            for error in result.errors:
                column = f", {error.column}" if error.column else ""
                self.stderr.write(f"row {error.row}{column}: {error.message}")
            raise CommandError(f"{len(result.errors)} errors; nothing was imported.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.committees} committees and {result.organizations} organizations."
            )
        )
