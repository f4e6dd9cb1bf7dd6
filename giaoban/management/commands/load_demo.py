from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from giaoban.demo import DEMO_PASSWORD, load_demo_data


class Command(BaseCommand):
    help = "Load the fictional demo data and one account per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even with DJANGO_DEBUG off (demo passwords are public: never on real data).",
        )

    def handle(self, *args, allow_production: bool = False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Refusing to load demo accounts with public passwords while DJANGO_DEBUG is off. "
                "Use --allow-production only on a throw-away database."
            )
        accounts = load_demo_data()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in with:"))
        width = max(len(a.username) for a in accounts)
        # Role names in the site's language, whatever a caller had activated.
        with translation.override(settings.LANGUAGE_CODE):
            for account in accounts:
                self.stdout.write(
                    f"  {account.username:<{width}}  {DEMO_PASSWORD}   "
                    f"{account.role} ({account.full_name})"
                )
