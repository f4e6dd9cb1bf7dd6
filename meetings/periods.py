"""The reporting period (kỳ báo cáo): a quarter, a half year or a whole year.

Labels follow Vietnamese documents exactly: "Quý I/2024", "6 tháng đầu năm
2024", "6 tháng cuối năm 2024", "Năm 2024". A period is stored on a model as
two columns (year and kind, see ``PeriodFields``) plus its start and end dates
for ordering and date filters.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class PeriodKind(models.TextChoices):
    Q1 = "Q1", gettext_lazy("Quarter I")
    Q2 = "Q2", gettext_lazy("Quarter II")
    Q3 = "Q3", gettext_lazy("Quarter III")
    Q4 = "Q4", gettext_lazy("Quarter IV")
    H1 = "H1", gettext_lazy("First six months")
    H2 = "H2", gettext_lazy("Last six months")
    YEAR = "Y", gettext_lazy("Whole year")


# kind -> (first month, number of months)
_SPAN = {
    "Q1": (1, 3),
    "Q2": (4, 3),
    "Q3": (7, 3),
    "Q4": (10, 3),
    "H1": (1, 6),
    "H2": (7, 6),
    "Y": (1, 12),
}
_NEXT = {"Q1": "Q2", "Q2": "Q3", "Q3": "Q4", "Q4": "Q1", "H1": "H2", "H2": "H1", "Y": "Y"}
_ROMAN = {"Q1": "I", "Q2": "II", "Q3": "III", "Q4": "IV"}
_CODE = re.compile(r"^(\d{4})-(Q[1-4]|H[12]|Y)$")


@dataclass(frozen=True)
class Period:
    year: int
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in _SPAN:
            raise ValueError(f"Unknown period kind {self.kind!r}")
        if not 1900 <= self.year <= 2999:
            raise ValueError(f"Year out of range: {self.year}")

    # --- building ---------------------------------------------------------

    @classmethod
    def parse(cls, code: str) -> Period:
        """From its code, as in URLs and forms: "2024-Q1", "2024-H2", "2024-Y"."""
        match = _CODE.match(code.strip())
        if not match:
            raise ValueError(f"Not a period code: {code!r}")
        return cls(int(match.group(1)), match.group(2))

    @classmethod
    def quarter_of(cls, day: dt.date) -> Period:
        return cls(day.year, f"Q{(day.month - 1) // 3 + 1}")

    # --- what it is -------------------------------------------------------

    @property
    def code(self) -> str:
        return f"{self.year}-{self.kind}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, _SPAN[self.kind][0], 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period (inclusive)."""
        first, months = _SPAN[self.kind]
        last_month = first + months - 1
        return dt.date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    @property
    def is_quarter(self) -> bool:
        return self.kind.startswith("Q")

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> Period:
        kind = _NEXT[self.kind]
        rolls_over = self.kind in ("Q4", "H2", "Y")
        return Period(self.year + 1 if rolls_over else self.year, kind)

    def previous(self) -> Period:
        kind = next(k for k, n in _NEXT.items() if n == self.kind and k[0] == self.kind[0])
        rolls_back = self.kind in ("Q1", "H1", "Y")
        return Period(self.year - 1 if rolls_back else self.year, kind)

    @property
    def sort_key(self) -> tuple[dt.date, int]:
        """Periods that end together list the shorter first: Quý II, then 6 tháng đầu năm."""
        return (self.end, -self.start.toordinal())

    def __lt__(self, other: Period) -> bool:
        return self.sort_key < other.sort_key

    # --- how documents write it ------------------------------------------

    @property
    def label(self) -> str:
        """ "Quý I/2024", "6 tháng đầu năm 2024", "Năm 2024" (in the active language)."""
        if self.is_quarter:
            return _("Quarter %(roman)s/%(year)d") % {"roman": _ROMAN[self.kind], "year": self.year}
        if self.kind == "H1":
            return _("First six months of %(year)d") % {"year": self.year}
        if self.kind == "H2":
            return _("Last six months of %(year)d") % {"year": self.year}
        return _("Year %(year)d") % {"year": self.year}

    @property
    def label_in_text(self) -> str:
        """As written inside a sentence: "quý I/2024", "6 tháng đầu năm 2024", "năm 2024"."""
        label = self.label
        return label[0].lower() + label[1:]

    def __str__(self) -> str:
        return self.label


def recent_periods(today: dt.date, count: int = 8) -> list[Period]:
    """The ``count`` quarters up to and including the one of ``today``, oldest first."""
    periods = [Period.quarter_of(today)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return list(reversed(periods))
