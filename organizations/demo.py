"""The fictional province of the demo data: Tỉnh ủy Lâm Giang.

Two districts end on 1 July 2025 (the district level was abolished); the
communes continue under the province. In the provincial committee, Ban Dân vận
and Ban Tuyên giáo merge on 1 March 2025, so the history shows. Every name of a
place and of a person here is invented.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from organizations import services
from organizations.models import CommitteeLevel, Organization, PartyCommittee
from organizations.models import OrganizationKind as Kind

PROVINCE = "Tỉnh ủy Lâm Giang"
DISTRICTS_END = dt.date(2025, 7, 1)
BOARDS_MERGE = dt.date(2025, 3, 1)

PROVINCE_ORGANIZATIONS = [
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Giang", "Ủy ban MTTQ tỉnh", Kind.FRONT),
    ("Liên đoàn Lao động tỉnh Lâm Giang", "LĐLĐ tỉnh", Kind.LABOUR),
    ("Hội Nông dân tỉnh Lâm Giang", "Hội Nông dân tỉnh", Kind.FARMERS),
    ("Hội Liên hiệp Phụ nữ tỉnh Lâm Giang", "Hội LHPN tỉnh", Kind.WOMEN),
    ("Hội Cựu chiến binh tỉnh Lâm Giang", "Hội CCB tỉnh", Kind.VETERANS),
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh Lâm Giang", "Tỉnh đoàn", Kind.YOUTH_UNION),
    ("Hội Liên hiệp Thanh niên Việt Nam tỉnh Lâm Giang", "Hội LHTN tỉnh", Kind.YOUTH_FEDERATION),
    ("Văn phòng Tỉnh ủy", "Văn phòng Tỉnh ủy", Kind.PARTY_BODY),
]
DISTRICTS = [
    ("Huyện ủy Hòa Xuân", "Hòa Xuân", "huyện Hòa Xuân"),
    ("Huyện ủy Phú Lâm", "Phú Lâm", "huyện Phú Lâm"),
]
COMMUNES = [
    ("Đảng ủy xã Tân Hòa", "Tân Hòa", "xã Tân Hòa"),
    ("Đảng ủy phường Bình Minh", "Bình Minh", "phường Bình Minh"),
    ("Đảng ủy xã Suối Lam", "Suối Lam", "xã Suối Lam"),
]


def _local_organizations(committee: PartyCommittee, place: str, *, until=None, body: str):
    specs = [
        (f"Ủy ban Mặt trận Tổ quốc Việt Nam {place}", Kind.FRONT),
        (f"Hội Nông dân {place}", Kind.FARMERS),
        (f"Hội Liên hiệp Phụ nữ {place}", Kind.WOMEN),
        (f"Hội Cựu chiến binh {place}", Kind.VETERANS),
        (f"Đoàn Thanh niên Cộng sản Hồ Chí Minh {place}", Kind.YOUTH_UNION),
        (body, Kind.PARTY_BODY),
    ]
    if committee.level == CommitteeLevel.DISTRICT:
        specs.insert(1, (f"Liên đoàn Lao động {place}", Kind.LABOUR))
    for name, kind in specs:
        services.create_organization(committee=committee, name=name, kind=kind, valid_until=until)


@transaction.atomic
def load_organizations_demo() -> PartyCommittee:
    """Create the demo province once; later calls return it unchanged."""
    existing = PartyCommittee.objects.filter(name=PROVINCE).first()
    if existing is not None:
        return existing
    province = PartyCommittee.objects.create(
        name=PROVINCE,
        short_name="Tỉnh ủy",
        level=CommitteeLevel.PROVINCE,
        document_suffix="TU",
        place_name="Lâm Giang",
    )
    for name, short_name, kind in PROVINCE_ORGANIZATIONS:
        services.create_organization(
            committee=province, name=name, short_name=short_name, kind=kind
        )
    dan_van = services.create_organization(
        committee=province, name="Ban Dân vận Tỉnh ủy", kind=Kind.PARTY_BODY
    )
    tuyen_giao = services.create_organization(
        committee=province, name="Ban Tuyên giáo Tỉnh ủy", kind=Kind.PARTY_BODY
    )
    merged = services.create_organization(
        committee=province,
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        short_name="Ban TG-DV Tỉnh ủy",
        kind=Kind.PARTY_BODY,
        valid_from=BOARDS_MERGE,
    )
    services.merge_organizations(
        sources=[dan_van, tuyen_giao],
        into=merged,
        on=BOARDS_MERGE,
        note="Quyết định hợp nhất của Ban Thường vụ Tỉnh ủy (dữ liệu minh họa)",
    )

    for name, place_name, place in DISTRICTS:
        district = PartyCommittee.objects.create(
            name=name,
            short_name="Huyện ủy",
            level=CommitteeLevel.DISTRICT,
            parent=province,
            document_suffix="HU",
            place_name=place_name,
            valid_until=DISTRICTS_END,
        )
        _local_organizations(district, place, until=DISTRICTS_END, body=f"Ban Dân vận {name}")
    for name, place_name, place in COMMUNES:
        commune = PartyCommittee.objects.create(
            name=name,
            short_name="Đảng ủy",
            level=CommitteeLevel.COMMUNE,
            parent=province,
            document_suffix="ĐU",
            place_name=place_name,
        )
        # Communes have no Ban Dân vận: the Ban xây dựng Đảng compiles the reports.
        _local_organizations(commune, place, body=f"Ban Xây dựng Đảng {name}")
    return province


def front_of(committee: PartyCommittee) -> Organization:
    return Organization.objects.get(committee=committee, kind=Kind.FRONT)
