"""The layout of Party documents as data (Hướng dẫn 36-HD/VPTW, 2018).

The Party renews these rules from time to time (Quy định 399-QĐ/TW, 2026), so
nothing in the document builders hard-codes a margin or a size: they read a
``Layout``, and a deployment may change any value with the setting
``GIAOBAN_DOCUMENT_LAYOUT`` (a dict of the fields below).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Layout:
    page_width_mm: float = 210  # A4
    page_height_mm: float = 297
    margin_top_mm: float = 20  # 20–25 mm
    margin_bottom_mm: float = 20  # 20–25 mm
    margin_left_mm: float = 30  # 30–35 mm
    margin_right_mm: float = 15  # 15–20 mm
    font: str = "Times New Roman"
    # Font sizes in points.
    size_superior_body: float = 14
    size_issuing_body: float = 14
    size_number: float = 14
    size_national: float = 15  # "ĐẢNG CỘNG SẢN VIỆT NAM"
    size_date: float = 14
    size_type: float = 16  # "THÔNG BÁO", "BÁO CÁO"
    size_summary: float = 14
    size_body: float = 14
    size_signer: float = 14
    size_recipients_heading: float = 14
    size_recipients: float = 12
    # Paragraphs of the body.
    first_line_indent_mm: float = 10
    space_after_pt: float = 6
    line_spacing: float = 1.15
    # Width of the left column of the header and of the signature block.
    left_column_mm: float = 70
    # Length of the rule under "ĐẢNG CỘNG SẢN VIỆT NAM": about the length of that line.
    national_rule_mm: float = 75

    @property
    def text_width_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm


def current_layout() -> Layout:
    overrides = getattr(settings, "GIAOBAN_DOCUMENT_LAYOUT", None) or {}
    return dataclasses.replace(Layout(), **overrides)


def document_date(place: str, day: dt.date | None, *, year: int | None = None) -> str:
    """ "Lâm Giang, ngày 02 tháng 4 năm 2024": days below 10 and months 1–2 with a leading
    zero. Without a day (a draft), blanks to be filled in by hand."""
    if day is None:
        blank = "\u00a0" * 6
        return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
            "place": place,
            "day": blank,
            "month": blank,
            "year": year or "",
        }
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": place,
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}" if day.month <= 2 else str(day.month),
        "year": day.year,
    }


def long_date(day: dt.date) -> str:
    """ "ngày 30 tháng 6 năm 2024", as dates are written in the body of a document."""
    return _("day %(day)s month %(month)s year %(year)s") % {
        "day": day.day,
        "month": day.month,
        "year": day.year,
    }
