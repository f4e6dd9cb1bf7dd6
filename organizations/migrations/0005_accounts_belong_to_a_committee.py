"""Accounts made before ``AccountOwner`` belong to the committee of their first role, so
that ending their last role does not hide them from their own committee's admins.
Superusers and accounts that never held a role belong to no committee."""

from django.db import migrations


def backfill(apps, schema_editor):
    Role = apps.get_model("organizations", "Role")
    AccountOwner = apps.get_model("organizations", "AccountOwner")
    owned = set(AccountOwner.objects.values_list("user_id", flat=True))
    first_committee = {}
    for user_id, committee_id in (
        Role.objects.filter(user__is_superuser=False)
        .order_by("created_at", "pk")
        .values_list("user_id", "committee_id")
    ):
        if user_id not in owned:
            first_committee.setdefault(user_id, committee_id)
    AccountOwner.objects.bulk_create(
        [
            AccountOwner(user_id=user_id, committee_id=committee_id)
            for user_id, committee_id in first_committee.items()
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0004_account_owner")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
