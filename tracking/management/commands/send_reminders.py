from django.core.management.base import BaseCommand
from django.utils import timezone

from tracking.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail reporters and staff the directives due within N days and those overdue, "
        "and reporters the reports due within N days or overdue. Meant for cron; a "
        "recipient gets at most one reminder of each a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="due within this many days")

    def handle(self, *args, days: int, **options):
        sent = send_reminders(today=timezone.localdate(), days=days)
        self.stdout.write(f"Reminders sent: {len(sent)}")
