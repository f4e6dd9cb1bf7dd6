import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from organizations.models import PartyCommittee
from organizations.services import likely_successor
from tracking import services


class Command(BaseCommand):
    help = (
        "Merge a committee into another of its level from a date (as provinces merged on "
        "2025-07-01): each of its organizations into the successor's of the same kind (or "
        "as --map OLD=NEW says), its open directives handed over, the committees under it "
        "moved under the successor (or --children-to ID). Nothing is deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("committee", type=int, help="ID of the merged committee")
        parser.add_argument("--into", required=True, type=int, help="ID of the successor")
        parser.add_argument("--date", required=True, type=dt.date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument(
            "--map",
            dest="mappings",
            action="append",
            default=[],
            metavar="OLD=NEW",
            help="organization OLD merges into NEW (NEW 0: it ends); repeatable",
        )
        parser.add_argument("--children-to", type=int, help="ID of the committees' new parent")
        parser.add_argument("--note", default="", help="e.g. the resolution that merged them")

    def handle(self, *args, committee, into, date, mappings, children_to, note, **options):
        committees = PartyCommittee.objects.in_bulk([committee, into, children_to or into])
        for pk in (committee, into, children_to or into):
            if pk not in committees:
                raise CommandError(f"No committee with ID {pk}.")
        merged, successor = committees[committee], committees[into]
        organizations = list(merged.organizations.existing_before(date))
        candidates = list(successor.organizations.valid_on(date))
        by_id = {org.pk: org for org in candidates}
        successors = {}
        for organization in organizations:
            guess = likely_successor(organization, candidates)
            if guess is not None:
                successors[organization.pk] = guess
        for pair in mappings:
            old, _sep, new = pair.partition("=")
            try:
                old, new = int(old), int(new)
            except ValueError:
                raise CommandError(f"--map {pair}: write OLD=NEW with two IDs.") from None
            if old not in {organization.pk for organization in organizations}:
                raise CommandError(f"--map {pair}: {old} is no organization of {merged}.")
            if new and new not in by_id:
                raise CommandError(f"--map {pair}: {new} is no organization of {successor}.")
            successors[old] = by_id.get(new)
        try:
            services.merge_committee(
                committee=merged,
                into=successor,
                on=date,
                successors=successors,
                children_to=committees[children_to] if children_to else None,
                note=note,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Merged “{merged.name}” and {len(organizations)} organizations into "
                f"“{successor.name}” on {date}."
            )
        )
