"""Committee admins no longer use Django's admin (issue 15): take back the staff status
and the group that the admin role gave them. Superusers keep theirs."""

from django.db import migrations
from django.db.models import Q

ADMIN_GROUP = "Quản trị cấp ủy"


def leave_django_admin(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Group = apps.get_model("auth", "Group")
    given_for_a_role = User.objects.filter(is_superuser=False).filter(
        Q(roles__kind="admin") | Q(groups__name=ADMIN_GROUP)
    )
    User.objects.filter(pk__in=given_for_a_role.values("pk"), is_staff=True).update(
        is_staff=False
    )
    group = Group.objects.filter(name=ADMIN_GROUP).first()
    if group is not None:
        group.user_set.remove(*group.user_set.filter(is_superuser=False))


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0002_historicalorganization_historicalpartycommittee"),
        ("accounts", "0004_securityevent"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(leave_django_admin, migrations.RunPython.noop)]
