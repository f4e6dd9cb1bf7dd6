from django.core.management.base import BaseCommand, CommandError

from accounts import services
from accounts.security_log import RETENTION_DAYS


class Command(BaseCommand):
    help = f"Delete security log entries older than N days (at least {RETENTION_DAYS})."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, default=730)

    def handle(self, *args, older_than_days: int, **options):
        if older_than_days < RETENTION_DAYS:
            raise CommandError(f"The security log is kept at least {RETENTION_DAYS} days.")
        deleted = services.prune_security_log(older_than_days=older_than_days)
        self.stdout.write(f"Deleted {deleted} entries older than {older_than_days} days.")
