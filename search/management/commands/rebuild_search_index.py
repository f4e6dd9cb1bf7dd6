from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from the meetings, reports and conclusions (idempotent)."

    def handle(self, *args, **options):
        written = rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {written} entries."))
