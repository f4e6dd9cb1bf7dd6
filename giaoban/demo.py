"""Demo data for ``make run``: a fictional province, one account per role.

Loading is idempotent: running it again updates the same rows and creates no
duplicates. The passwords are public (they are printed), so this must never run
on a production database; the management command refuses unless debug is on.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from documents.models import DocumentProfile
from giaoban.pagecache import changed_everything
from meetings.demo import load_meetings_demo
from organizations.demo import front_of, load_organizations_demo
from organizations.models import RoleKind
from organizations.services import grant_role
from search.indexing import reindex_meetings
from tracking.demo import load_tracking_demo

DEMO_PASSWORD = "giaoban-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    job_title: str
    role: str
    # The role held in the demo province; None for the superuser, who needs none.
    role_kind: str | None
    is_superuser: bool = False


DEMO_ACCOUNTS = (
    DemoAccount(
        "canbo",
        "Lê Thị Thu Trang",
        "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy",
        _("Mass Mobilization staff"),
        RoleKind.STAFF,
    ),
    DemoAccount(
        "baocaovien",
        "Vũ Minh Khôi",
        "Chánh Văn phòng Ủy ban MTTQ Việt Nam tỉnh",
        _("Organization reporter"),
        RoleKind.REPORTER,
    ),
    DemoAccount(
        "lanhdao",
        "Đặng Quốc Bảo",
        "Phó Bí thư Thường trực Tỉnh ủy",
        _("Leader (Standing Committee)"),
        RoleKind.LEADER,
    ),
    DemoAccount(
        "quantri",
        "Trịnh Hoài Nam",
        "Chuyên viên Văn phòng Tỉnh ủy, quản trị phần mềm",
        _("Administrator of the committee"),
        RoleKind.ADMIN,
    ),
    # Django's admin is for superusers only: a separate account, holding no role.
    DemoAccount(
        "hethong",
        "Hồ Quang Vinh",
        "Quản trị hệ thống, Trung tâm Công nghệ thông tin",
        _("Superuser (Django’s admin)"),
        None,
        is_superuser=True,
    ),
)


@transaction.atomic
def load_demo_data() -> list[DemoAccount]:
    """Create the demo province (once) and create or refresh the demo accounts (an
    account of an earlier demo is brought in line: ``quantri`` was a superuser)."""
    changed_everything()  # a province, its accounts, meetings and follow-up
    province = load_organizations_demo()
    users = {}
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
        users[account.username] = user
        if account.role_kind is not None:
            grant_role(
                user=user,
                committee=province,
                kind=account.role_kind,
                organization=front_of(province) if account.role_kind == RoleKind.REPORTER else None,
            )
    load_meetings_demo(
        province, staff=users["canbo"], leader=users["lanhdao"], reporter=users["baocaovien"]
    )
    load_tracking_demo(province, reporter=users["baocaovien"], staff=users["canbo"])
    DocumentProfile.objects.update_or_create(
        committee=province,
        defaults={
            "signing_authority": "T/L BAN THƯỜNG VỤ",
            "signer_title": "CHÁNH VĂN PHÒNG",
            "signer_name": "Nguyễn Văn Thắng",
        },
    )
    # The demo writes reports, proposals and directives with bulk_create (no signals).
    reindex_meetings(province.meetings.values_list("pk", flat=True))
    return list(DEMO_ACCOUNTS)
