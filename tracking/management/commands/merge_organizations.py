import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from organizations.models import Organization
from tracking import services


class Command(BaseCommand):
    help = (
        "Merge organizations into an existing one (--into ID) or a new one "
        "(--new-name NAME --kind KIND) from a date. Nothing is deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", type=int, help="IDs of the merged organizations")
        parser.add_argument("--date", required=True, type=dt.date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--into", type=int, help="ID of the successor organization")
        parser.add_argument("--new-name", help="name of a new successor organization")
        parser.add_argument("--kind", help="kind of the new successor organization")
        parser.add_argument("--note", default="", help="e.g. the decision that merged them")

    def handle(self, *args, sources, date, into, new_name, kind, note, **options):
        if bool(into) == bool(new_name):
            raise CommandError("Give either --into ID or --new-name NAME (with --kind).")
        found = list(Organization.objects.filter(pk__in=sources).select_related("committee"))
        missing = set(sources) - {org.pk for org in found}
        if missing:
            raise CommandError(f"No organization with ID {', '.join(map(str, sorted(missing)))}.")
        try:
            successor = services.merge_organizations(
                sources=found,
                into=Organization.objects.get(pk=into) if into else None,
                new_name=new_name or "",
                new_kind=kind or "",
                on=date,
                note=note,
            )
        except Organization.DoesNotExist:
            raise CommandError(f"No organization with ID {into}.") from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Merged {len(found)} organizations into “{successor.name}” on {date}."
            )
        )
