"""The directive tracking sheet (.xlsx): written from the board with its filter, and read
back once filled in offline.

The sheet has one row per organization's part of a directive, because that is
what is tracked. Its first column, "Mã", identifies the part; the last three
columns are for the user to fill in: new progress, completion date and a note.
Reading it back checks every row first and writes nothing if any row is wrong.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from giaoban import workbooks
from giaoban.text import fold
from tracking.models import DirectiveAssignment, Progress, ProgressUpdate, Status
from tracking.services import Change, check_change

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 20000  # a committee's whole board, ten years of it, fits
DATE_FORMAT = "dd/mm/yyyy"
FORMULA_STARTS = ("=", "+", "-", "@")
ROW_HEIGHT = 14  # points, for one line of the body font
BODY_FONT = Font(name="Times New Roman", size=11)


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    wrap: bool = False
    date: bool = False
    editable: bool = False


def columns() -> list[Column]:
    return [
        Column("id", _("Code (do not change)"), 9),
        Column("number", pgettext("table column", "No."), 5),
        Column("origin", _("Period given"), 11),
        Column("notice", _("Notice"), 11),
        Column("directive", _("Directive"), 50, wrap=True),
        Column("organization", _("Assignee"), 24, wrap=True),
        Column("role", _("Role"), 9),
        Column("deadline", _("Deadline"), 11, date=True),
        Column("status", _("Status"), 16, wrap=True),
        Column("updated", _("Last update"), 11, date=True),
        Column("progress", _("New progress"), 15, editable=True),
        Column("completed_on", _("Completed on"), 12, date=True, editable=True),
        Column("note", _("Note"), 30, wrap=True, editable=True),
    ]


def progress_choices() -> dict[str, str]:
    """What may be typed in "New progress", folded, to the progress it means."""
    return {
        fold(str(Progress.IN_PROGRESS.label)): Progress.IN_PROGRESS,
        fold(str(Progress.DONE.label)): Progress.DONE,
        Progress.IN_PROGRESS: Progress.IN_PROGRESS,
        Progress.DONE: Progress.DONE,
    }


def build_sheet(rows, *, today: dt.date, title: str) -> bytes:
    """``rows``: board rows (assignments with ``status``, and their directive, conclusion,
    meeting and organization selected)."""
    with translation.override("vi"):
        return _build_sheet(rows, today=today, title=title)


def _build_sheet(rows, *, today: dt.date, title: str) -> bytes:
    cols = columns()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Directives")[:31]
    thin = Side(style="thin", color="9AA5B1")
    header_font = Font(name="Times New Roman", size=11, bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1D4E89")
    editable_fill = PatternFill("solid", fgColor="FFF8E1")
    for index, column in enumerate(cols, start=1):
        cell = sheet.cell(row=1, column=index, value=column.title)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = Border(bottom=thin)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    statuses = dict(Status.choices)
    count = 0
    parts = list(rows[: MAX_ROWS + 1])
    truncated = len(parts) > MAX_ROWS
    for count, part in enumerate(parts[:MAX_ROWS], start=1):
        directive = part.directive
        meeting = directive.conclusion.meeting
        values = {
            "id": part.pk,
            "number": directive.position,
            "origin": meeting.period.label,
            "notice": directive.conclusion.notice_number,
            "directive": directive.text,
            "organization": part.organization.name,
            "role": _("lead") if part.is_lead else _("with"),
            "deadline": directive.deadline,
            "status": str(statuses.get(part.status, "")),
            "updated": timezone.localdate(part.progress_at) if part.progress_at else None,
            "progress": None,
            "completed_on": None,
            "note": None,
        }
        row = count + 1
        # Spreadsheet programs do not all grow a row to fit wrapped text: say how tall.
        lines = max(
            math.ceil(len(str(values[c.key] or "")) / (c.width * 1.1)) if c.wrap else 1
            for c in cols
        )
        sheet.row_dimensions[row].height = ROW_HEIGHT * max(1, lines)
        for index, column in enumerate(cols, start=1):
            value = values[column.key]
            if isinstance(value, str):
                # Control characters pasted into a text cannot be stored in a sheet.
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = sheet.cell(row=row, column=index, value=value)
            if isinstance(cell.value, str):
                # Text typed by users stays text: "=HYPERLINK(…)" must not become a formula,
                # not even when the cell is edited in Excel.
                cell.data_type = "s"
                if cell.value[:1] in FORMULA_STARTS:
                    cell.quotePrefix = True
            cell.alignment = Alignment(wrap_text=column.wrap, vertical="top")
            cell.font = BODY_FONT
            if column.date:
                cell.number_format = DATE_FORMAT
            if column.editable:
                cell.fill = editable_fill
    if truncated:
        sheet.cell(
            row=count + 2,
            column=5,
            value=_(
                "Only the first %(max)d rows are in this sheet: filter the board to export "
                "the rest."
            )
            % {"max": MAX_ROWS},
        ).font = Font(name="Times New Roman", size=11, italic=True, color="B3261E")
    last_row = max(count + 1, 2)
    last_column = get_column_letter(len(cols))
    sheet.freeze_panes = "B2"  # the header row and the code stay in view
    sheet.auto_filter.ref = f"A1:{last_column}{last_row}"
    sheet.row_dimensions[1].height = 32
    progress_column = get_column_letter(
        next(i for i, c in enumerate(cols, start=1) if c.key == "progress")
    )
    choices = f'"{Progress.IN_PROGRESS.label},{Progress.DONE.label}"'
    validation = DataValidation(type="list", formula1=choices, allow_blank=True)
    validation.error = _("Choose “in progress” or “done”.")
    validation.add(f"{progress_column}2:{progress_column}{max(last_row, 1000)}")
    sheet.add_data_validation(validation)
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = title.replace("&", "&&")  # "&" starts a header code
    workbook.properties.title = title
    workbook.properties.creator = "giaoban"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading it back ------------------------------------------------------------


@dataclass
class RowError:
    row: int
    message: str


@dataclass
class ReadResult:
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unchanged: int = 0


def _as_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return forms.DateField().clean(text)
    except ValidationError:
        pass
    raise ValidationError(_("“%(value)s” is not a date (write it as 30/6/2024).") % {"value": text})


def read_sheet(data, *, editable: QuerySet[DirectiveAssignment]) -> ReadResult:
    """Check every row of a filled-in sheet against ``editable`` (the parts the user may
    update). Nothing is written here."""
    with translation.override("vi"):
        return _read_sheet(data, editable=editable)


def _read_sheet(data, *, editable) -> ReadResult:
    result = ReadResult()
    # Bounded: a sheet of millions of rows or texts is refused before it is read.
    rows = workbooks.rows(workbooks.open_workbook(data))
    header = next(rows, None)
    cols = columns()
    titles = {fold(str(c.title)): c.key for c in cols}
    positions = {}
    for index, value in enumerate(header or ()):
        key = titles.get(fold(str(value or "")))
        if key:
            positions[key] = index
    missing = [
        c.title for c in cols if c.key in ("id", "progress", "note") and c.key not in positions
    ]
    if missing:
        raise ValidationError(
            _(
                "This is not a tracking sheet exported from the board: the columns %(columns)s "
                "are missing. Export the sheet again and fill it in."
            )
            % {"columns": ", ".join(f"“{m}”" for m in missing)}
        )

    def value(cells, key):
        index = positions.get(key)
        if index is None or index >= len(cells):
            return None
        cell = cells[index]
        return cell.strip() if isinstance(cell, str) else cell

    choices = progress_choices()
    wanted: list[tuple[int, int, str | None, object, str]] = []
    for row_number, cells in enumerate(rows, start=2):
        if row_number - 1 > MAX_ROWS:
            result.errors.append(
                RowError(row_number, _("The sheet has more than %(max)d rows.") % {"max": MAX_ROWS})
            )
            break
        code, progress, completed, note = (
            value(cells, "id"),
            value(cells, "progress"),
            value(cells, "completed_on"),
            value(cells, "note"),
        )
        if not progress and not note and not completed:
            if code not in (None, ""):
                result.unchanged += 1
            continue
        try:
            if isinstance(code, float) and not code.is_integer():
                raise ValueError
            pk = int(code)
            if not 0 < pk < 2**63:
                raise ValueError
        except (TypeError, ValueError, OverflowError):
            result.errors.append(
                RowError(
                    row_number, _("The code “%(code)s” is not one of ours.") % {"code": code or ""}
                )
            )
            continue
        wanted.append((row_number, pk, progress, completed, note or ""))

    # One query for every row's part, whatever the number of rows.
    found = {
        part.pk: part
        for part in editable.filter(pk__in=[pk for _row, pk, *_rest in wanted]).select_related(
            "directive"
        )
    }
    # The last note recorded for each part (one query), to tell a sheet uploaded twice.
    last_notes: dict[int, str] = {}
    for assignment_id, text in (
        ProgressUpdate.objects.filter(assignment_id__in=list(found))
        .order_by("assignment_id", "created_at", "pk")
        .values_list("assignment_id", "note")
    ):
        last_notes[assignment_id] = text
    seen: dict[int, int] = {}
    for row_number, pk, progress_text, completed, note in wanted:
        part = found.get(pk)
        if part is None:
            result.errors.append(
                RowError(
                    row_number,
                    _("No directive with the code %(code)d that you may update.") % {"code": pk},
                )
            )
            continue
        if pk in seen:
            result.errors.append(
                RowError(
                    row_number,
                    _("The code %(code)d is already on row %(row)d.")
                    % {"code": pk, "row": seen[pk]},
                )
            )
            continue
        seen[pk] = row_number
        try:
            if progress_text:
                progress = choices.get(fold(str(progress_text)))
                if progress is None:
                    raise ValidationError(
                        _("“%(value)s” is not a progress: write “%(a)s” or “%(b)s”.")
                        % {
                            "value": progress_text,
                            "a": Progress.IN_PROGRESS.label,
                            "b": Progress.DONE.label,
                        }
                    )
            else:
                # A note alone keeps the progress already reported.
                progress = part.progress
                if progress not in (Progress.IN_PROGRESS, Progress.DONE):
                    raise ValidationError(
                        _("Fill in “%(column)s” as well as the note.")
                        % {"column": _("New progress")}
                    )
            completed_on = _as_date(completed)
            if completed_on and progress != Progress.DONE:
                raise ValidationError(_("A completion date is given only for a directive done."))
            if (
                progress == Progress.DONE
                and completed_on is None
                and part.progress == Progress.DONE
            ):
                completed_on = part.completed_on
            change = Change(part, progress, completed_on, str(note).strip())
            change.completed_on = check_change(change)
        except ValidationError as error:
            result.errors.append(RowError(row_number, " ".join(error.messages)))
            continue
        if (
            change.progress == part.progress
            and change.completed_on == part.completed_on
            and change.note in ("", last_notes.get(part.pk, ""))
        ):
            result.unchanged += 1  # already recorded: the same sheet uploaded again
            continue
        result.changes.append(change)
    result.errors.sort(key=lambda e: e.row)
    return result
