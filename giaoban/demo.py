"""Demo data for ``make run``: fictional people, one account per role.

Loading is idempotent: running it again updates the same rows and creates no
duplicates. The passwords are public (they are printed), so this must never run
on a production database; the management command refuses unless debug is on.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User

DEMO_PASSWORD = "giaoban-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    job_title: str
    role: str
    is_superuser: bool = False


DEMO_ACCOUNTS = (
    DemoAccount(
        "canbo", "Lê Thị Thu Trang", "Chuyên viên Ban Dân vận Tỉnh ủy", _("Mass Mobilization staff")
    ),
    DemoAccount(
        "baocaovien",
        "Vũ Minh Khôi",
        "Chánh Văn phòng Ủy ban MTTQ Việt Nam tỉnh",
        _("Organization reporter"),
    ),
    DemoAccount(
        "lanhdao",
        "Đặng Quốc Bảo",
        "Phó Bí thư Thường trực Tỉnh ủy",
        _("Leader (Standing Committee)"),
    ),
    DemoAccount(
        "quantri",
        "Trịnh Hoài Nam",
        "Quản trị hệ thống, Văn phòng Tỉnh ủy",
        _("Administrator"),
        is_superuser=True,
    ),
)


@transaction.atomic
def load_demo_data() -> list[DemoAccount]:
    """Create or refresh the demo accounts; return them."""
    for account in DEMO_ACCOUNTS:
        user, _created = User.objects.update_or_create(
            username=account.username,
            defaults={
                "full_name": account.full_name,
                "job_title": account.job_title,
                "is_active": True,
                "is_staff": account.is_superuser,
                "is_superuser": account.is_superuser,
            },
        )
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    return list(DEMO_ACCOUNTS)
