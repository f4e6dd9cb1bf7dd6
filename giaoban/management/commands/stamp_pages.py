from django.core.management.base import BaseCommand

from giaoban import pagecache


class Command(BaseCommand):
    help = (
        "Render every kept page afresh at its next request: run after changing data "
        "outside the application (psql, a restored dump)."
    )

    def handle(self, *args, **options):
        pagecache.stamp([pagecache.GLOBAL])
        self.stdout.write("Every kept page will be rendered afresh.")
