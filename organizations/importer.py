"""Create committees and organizations from a CSV or XLSX file.

Every row is checked before anything is written; if any row is wrong, the
errors are returned by row and column and the database is left untouched. This
module only reads and checks: ``organizations.services.import_organizations``
writes what the rows ask for.
The columns are described in README.md ("Importing committees and
organizations"); headers may be written in English or in Vietnamese, with or
without diacritics ("Cấp ủy", "cap_uy", "committee").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from giaoban import workbooks
from giaoban.text import fold, name_key, typed_name
from organizations.models import (
    KIND_ORDER,
    START_DATE_REQUIRED,
    CommitteeLevel,
    Organization,
    OrganizationKind,
    OrganizationName,
    PartyCommittee,
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "record": ("record", "loai_ban_ghi", "ban_ghi"),
    "committee": ("committee", "cap_uy"),
    "parent": ("parent", "cap_uy_cap_tren", "cap_tren"),
    "level": ("level", "cap"),
    "suffix": ("suffix", "ky_hieu", "ky_hieu_van_ban"),
    "place": ("place", "dia_danh"),
    "name": ("name", "ten", "ten_to_chuc"),
    "short_name": ("short_name", "ten_viet_tat", "ten_tat"),
    "kind": ("kind", "loai", "loai_to_chuc"),
    "order": ("order", "thu_tu"),
    "reports": ("reports", "bao_cao", "co_bao_cao"),
    "valid_from": ("valid_from", "tu_ngay", "hoat_dong_tu_ngay"),
    "valid_until": ("valid_until", "den_ngay", "ngung_hoat_dong_tu_ngay"),
}
HEADER_ALIASES = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
# Each column's header as written in Vietnamese in a file (one of its aliases once folded),
# shown on the import page beside the English one.
VIETNAMESE_HEADERS: dict[str, str] = {
    "record": "Loại bản ghi",
    "committee": "Cấp ủy",
    "parent": "Cấp ủy cấp trên",
    "level": "Cấp",
    "suffix": "Ký hiệu văn bản",
    "place": "Địa danh",
    "name": "Tên tổ chức",
    "short_name": "Tên viết tắt",
    "kind": "Loại tổ chức",
    "order": "Thứ tự",
    "reports": "Có báo cáo",
    "valid_from": "Từ ngày",
    "valid_until": "Đến ngày",
}

RECORDS = {
    "committee": "committee",
    "cap uy": "committee",
    "organization": "organization",
    "to chuc": "organization",
}
LEVELS = {
    "province": CommitteeLevel.PROVINCE,
    "tinh": CommitteeLevel.PROVINCE,
    "district": CommitteeLevel.DISTRICT,
    "huyen": CommitteeLevel.DISTRICT,
    "commune": CommitteeLevel.COMMUNE,
    "xa": CommitteeLevel.COMMUNE,
}
KINDS = {
    **{kind.value: kind.value for kind in OrganizationKind},
    "mttq": "front",
    "mat tran": "front",
    "uy ban mttq": "front",
    "cong doan": "labour",
    "lien doan lao dong": "labour",
    "hoi nong dan": "farmers",
    "hoi lien hiep phu nu": "women",
    "phu nu": "women",
    "hoi cuu chien binh": "veterans",
    "cuu chien binh": "veterans",
    "doan tncs ho chi minh": "youth_union",
    "doan thanh nien": "youth_union",
    "hoi lien hiep thanh nien": "youth_federation",
    "co quan dang": "party_body",
    "ban dang": "party_body",
    "khac": "other",
}
YES = {"1", "yes", "y", "x", "co", "true"}
NO = {"0", "no", "n", "khong", "false"}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    committees: int = 0
    organizations: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class FileUnreadable(Exception):
    pass


def read_rows(data: IO[bytes], filename: str) -> list[dict[str, object]]:
    """The rows of a CSV (UTF-8, comma or semicolon) or XLSX file, keyed by header."""
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    raw = data.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileUnreadable(_("The CSV file is not in UTF-8; save it as “CSV UTF-8”.")) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    table = list(reader)
    return _to_dicts(table)


def _read_xlsx(data: IO[bytes]) -> list[dict[str, object]]:
    # Bounded: a workbook of millions of rows or texts is refused before it is read.
    try:
        table = [list(row) for row in workbooks.rows(workbooks.open_workbook(data))]
    except ValidationError as error:
        raise FileUnreadable(" ".join(error.messages)) from None
    return _to_dicts(table)


def _to_dicts(table: list[list[object]]) -> list[dict[str, object]]:
    if not table:
        return []
    header = ["" if cell is None else str(cell) for cell in table[0]]
    rows = []
    for cells in table[1:]:
        cells = list(cells) + [None] * (len(header) - len(cells))
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            rows.append({})  # keeps row numbers right; skipped later
            continue
        rows.append(dict(zip(header, cells, strict=False)))
    return [{"__header__": header}, *rows]


def check_file(
    data: IO[bytes], filename: str, *, allowed_committee_ids: set[int] | None = None
) -> tuple[Plan | None, ImportResult]:
    """Read and check every row of the file; nothing is written (see
    ``organizations.services.import_organizations``, which writes the plan)."""
    try:
        rows = read_rows(data, filename)
    except FileUnreadable as error:
        return None, ImportResult(errors=[RowError(0, "", str(error))])
    return check_rows(rows, allowed_committee_ids=allowed_committee_ids)


def check_rows(
    rows: list[dict[str, object]], *, allowed_committee_ids: set[int] | None = None
) -> tuple[Plan | None, ImportResult]:
    """Check every row: the plan of what to create, or the errors by row and column.

    With ``allowed_committee_ids`` (a committee admin's import), organizations may only be
    added to those committees, and committees only below them; any other row is refused.
    """
    if not rows:
        return None, ImportResult(errors=[RowError(0, "", _("The file is empty."))])
    header = rows[0]["__header__"]
    plan = Plan(allowed_committee_ids)
    plan.check_header(header)
    if plan.errors:
        return None, ImportResult(errors=plan.errors)
    table = [
        (number, {HEADER_ALIASES[_header_key(k)]: v for k, v in row.items() if _header_key(k)})
        for number, row in enumerate(rows[1:], start=2)
        if row
    ]
    plan.load_names({name_key(_text(values.get("committee"))) for _number, values in table})
    for number, values in table:
        plan.check_row(number, values)
    if plan.errors:
        return None, ImportResult(errors=plan.errors)
    return plan, ImportResult(
        committees=len(plan.new_committees), organizations=len(plan.new_organizations)
    )


def _header_key(header: str) -> str:
    return fold(header).replace(" ", "_").replace("-", "_")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return typed_name(str(value))


class Plan:
    """The rows checked so far, what they will create, and the errors found."""

    def __init__(self, allowed_committee_ids: set[int] | None = None) -> None:
        self.allowed_ids = allowed_committee_ids  # None: anywhere (a superuser)
        self.allowed_file_keys: set[str] = set()  # committees on earlier rows, below those
        self.errors: list[RowError] = []
        self.new_committees: list[tuple[int, PartyCommittee, str]] = []  # (row, obj, parent key)
        self.new_organizations: list[tuple[int, Organization, str]] = []  # (row, obj, committee)
        self.committees_by_key: dict[str, list[int]] = defaultdict(list)
        for pk, name in PartyCommittee.objects.values_list("pk", "name"):
            self.committees_by_key[name_key(name)].append(pk)
        self.file_committees: dict[str, int] = {}  # name key -> row
        self.names_by_committee: dict[int | str, list[tuple[str, dt.date | None, dt.date | None]]]
        self.names_by_committee = defaultdict(list)
        self.with_meetings: set[int] = set()  # committees the file names that hold meetings

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))

    def check_header(self, header: list[str]) -> None:
        seen = set()
        for header_text in header:
            key = _header_key(header_text)
            if not key:
                continue
            if key not in HEADER_ALIASES:
                self.error(1, header_text, _("Unknown column."))
            elif HEADER_ALIASES[key] in seen:
                self.error(1, header_text, _("This column appears twice."))
            else:
                seen.add(HEADER_ALIASES[key])
        for required in ("record", "committee"):
            if required not in seen:
                self.error(1, required, _("Required column is missing."))

    # --- one row -------------------------------------------------------------

    def check_row(self, row: int, values: dict[str, object]) -> None:
        record = RECORDS.get(fold(_text(values.get("record"))))
        if record is None:
            self.error(row, "record", _("Write “committee” or “organization”."))
            return
        valid_from = self._date(row, "valid_from", values.get("valid_from"))
        valid_until = self._date(row, "valid_until", values.get("valid_until"))
        if valid_from and valid_until and valid_until <= valid_from:
            self.error(row, "valid_until", _("The end date must be later than the start date."))
        if record == "committee":
            self._check_committee(row, values, valid_from, valid_until)
        else:
            self._check_organization(row, values, valid_from, valid_until)

    def _check_length(self, row: int, values: dict, limits: dict[str, int]) -> None:
        for column, limit in limits.items():
            if len(_text(values.get(column))) > limit:
                self.error(
                    row,
                    column,
                    _("At most %(limit)d characters.") % {"limit": limit},
                )

    def _date(self, row: int, column: str, value: object) -> dt.date | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a date)
            except ValueError:
                continue
        self.error(
            row, column, _("“%(value)s” is not a date (write 19/04/2024).") % {"value": text}
        )
        return None

    def _check_committee(self, row, values, valid_from, valid_until) -> None:
        name = _text(values.get("committee"))
        if not name:
            self.error(row, "committee", _("The committee's name is required."))
            return
        self._check_length(row, values, {"committee": 200, "short_name": 50, "place": 100})
        key = name_key(name)
        if key in self.committees_by_key:
            self.error(row, "committee", _("This committee already exists."))
        elif key in self.file_committees:
            self.error(
                row,
                "committee",
                _("This committee is already on row %(row)d.") % {"row": self.file_committees[key]},
            )
        level = LEVELS.get(fold(_text(values.get("level"))))
        if level is None:
            self.error(row, "level", _("Write “province”, “district” or “commune”."))
        suffix = _text(values.get("suffix")).upper()
        if not suffix:
            self.error(row, "suffix", _("The document suffix (TU, HU, ĐU) is required."))
        elif len(suffix) > 10:
            self.error(row, "suffix", _("The document suffix is at most 10 characters."))
        parent_name = _text(values.get("parent"))
        parent_key = name_key(parent_name) if parent_name else ""
        if parent_key:
            if parent_key == key:
                self.error(row, "parent", _("A committee cannot be its own parent."))
            elif not self._committee_known(row, "parent", parent_key, parent_name):
                return
        if self.allowed_ids is not None:
            if not parent_key or not self._administered(parent_key):
                self.error(
                    row,
                    "parent",
                    _("You may only add committees below the committees you administer."),
                )
                return
            self.allowed_file_keys.add(key)
        self.file_committees[key] = row
        committee = PartyCommittee(
            name=name,
            short_name=_text(values.get("short_name")),
            level=level or "",
            document_suffix=suffix,
            place_name=_text(values.get("place")),
            valid_from=valid_from,
            valid_until=valid_until,
        )
        self.new_committees.append((row, committee, parent_key))

    def _committee_known(self, row: int, column: str, key: str, name: str) -> bool:
        matches = self.committees_by_key.get(key, [])
        if key in self.file_committees:
            return True
        if not matches:
            self.error(
                row,
                column,
                _("No committee named “%(name)s” (nor on an earlier row).") % {"name": name},
            )
            return False
        if len(matches) > 1:
            self.error(row, column, _("Several committees are named “%(name)s”.") % {"name": name})
            return False
        return True

    def _administered(self, key: str) -> bool:
        """Whether the committee named ``key`` (known) may receive rows of this import."""
        if self.allowed_ids is None:
            return True
        if key in self.file_committees:
            return key in self.allowed_file_keys
        return self.committees_by_key[key][0] in self.allowed_ids

    def _check_organization(self, row, values, valid_from, valid_until) -> None:
        committee_name = _text(values.get("committee"))
        committee_key = name_key(committee_name)
        if not committee_name:
            self.error(row, "committee", _("The committee's name is required."))
            return
        known = self._committee_known(row, "committee", committee_key, committee_name)
        if known and not self._administered(committee_key):
            self.error(row, "committee", _("You do not administer this committee."))
            known = False
        name = _text(values.get("name"))
        if not name:
            self.error(row, "name", _("The organization's name is required."))
        self._check_length(row, values, {"name": 200, "short_name": 60})
        kind = KINDS.get(fold(_text(values.get("kind"))))
        if kind is None:
            self.error(
                row,
                "kind",
                _("Unknown kind “%(value)s”. Use one of: %(kinds)s.")
                % {"value": _text(values.get("kind")), "kinds": ", ".join(OrganizationKind.values)},
            )
        order_text = _text(values.get("order"))
        order = None
        if order_text:
            if order_text.isdigit() and len(order_text) <= 6:
                order = int(order_text)
            else:
                self.error(row, "order", _("The display order must be a whole number."))
        reports_text = fold(_text(values.get("reports")))
        reports = None
        if reports_text in YES:
            reports = True
        elif reports_text in NO:
            reports = False
        elif reports_text:
            self.error(row, "reports", _("Write “yes” or “no”."))
        if not (known and name and kind):
            return
        target = (
            self.committees_by_key[committee_key][0]
            if committee_key in self.committees_by_key
            else committee_key
        )
        for other_name, start, end in self.names_by_committee[target]:
            if name_key(other_name) == name_key(name) and _overlap(
                start, end, valid_from, valid_until
            ):
                self.error(
                    row,
                    "name",
                    _("Another organization of this committee bears this name during these dates."),
                )
                return
        if valid_from is None and target in self.with_meetings:
            self.error(row, "valid_from", str(START_DATE_REQUIRED))
            return
        self.names_by_committee[target].append((name, valid_from, valid_until))
        organization = Organization(
            name=name,
            short_name=_text(values.get("short_name")),
            kind=kind,
            display_order=KIND_ORDER[kind] if order is None else order,
            reports_at_meetings=(kind != OrganizationKind.PARTY_BODY)
            if reports is None
            else reports,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        self.new_organizations.append((row, organization, committee_key))

    def load_names(self, committee_keys: set[str]) -> None:
        """Load, in one query, the names already borne in the committees the file names;
        and in another, which of them hold meetings (a new organization there needs a start
        date: ``organizations.models.check_start_date``)."""
        wanted = {pk for key in committee_keys for pk in self.committees_by_key.get(key, [])}
        self.with_meetings = set(
            PartyCommittee.objects.filter(pk__in=wanted, meetings__isnull=False)
            .values_list("pk", flat=True)
            .distinct()
        )
        for committee_id, name, start, end in OrganizationName.objects.filter(
            organization__committee_id__in=wanted
        ).values_list("organization__committee_id", "name", "valid_from", "valid_until"):
            self.names_by_committee[committee_id].append((name, start, end))


def _overlap(a_start, a_end, b_start, b_end) -> bool:
    starts_before_b_ends = b_end is None or a_start is None or a_start < b_end
    ends_after_b_starts = a_end is None or b_start is None or a_end > b_start
    return starts_before_b_ends and ends_after_b_starts
