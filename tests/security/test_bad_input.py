"""Bad input never gives a 500: every form answers with errors or saves faithfully,
and what it saved is shown escaped."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

NASTY = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50),
    st.just("x" * 20000),
    st.just("\x00\x01\x1b[31m"),
    st.just("Mặt trận 🇻🇳 🙂"),
    st.just("Tie\u0302\u0301n bo\u0323\u0302"),  # combining diacritics
    st.just("<script>alert('x')</script><img src=x onerror=alert(1)>"),
    st.just("'; DROP TABLE meetings_meeting; --"),
    st.just("2024-02-30"),
    st.just("99999999999999999999"),
    st.just("-1"),
    st.just(""),
)
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def client_as(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def assert_no_server_error(response):
    assert response.status_code < 500, response.content[:500]
    body = response.content.decode(errors="replace")
    assert "<script>alert(" not in body


@pytest.mark.django_db(transaction=False)
@SETTINGS
@given(title=NASTY, place=NASTY, chair=NASTY, held_on=NASTY, year=NASTY, summary=NASTY)
def test_meeting_form(world, title, place, chair, held_on, year, summary):
    client = client_as(world.trang)
    response = client.post(
        reverse("meetings:create"),
        {
            "committee": world.lam_giang.pk,
            "title": title,
            "period_kind": "Q3",
            "period_year": year,
            "held_on": held_on,
            "place": place,
            "chair_name": chair,
            "summary": summary,
            "attendance-TOTAL_FORMS": "0",
            "attendance-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert_no_server_error(response)


@SETTINGS
@given(results=NASTY, proposal=NASTY, addressed=NASTY, total=NASTY)
def test_report_form(world, meeting, results, proposal, addressed, total):
    client = client_as(world.khoi)
    response = client.post(
        reverse("reports:edit", args=[meeting.pk, world.front.pk]),
        {
            "results": results,
            "shortcomings": proposal,
            "difficulties": "",
            "next_tasks": "",
            "proposals-TOTAL_FORMS": "1" if total != "-1" else total,
            "proposals-INITIAL_FORMS": "0",
            "proposals-0-text": proposal,
            "proposals-0-addressed_to": addressed,
        },
        follow=True,
    )
    assert_no_server_error(response)


@SETTINGS
@given(number=NASTY, issued_on=NASTY, text=NASTY, due=NASTY, period=NASTY)
def test_conclusion_form(world, meeting, number, issued_on, text, due, period):
    client = client_as(world.trang)
    response = client.post(
        reverse("conclusions:edit", args=[meeting.pk]),
        {
            "notice_number": number,
            "issued_on": issued_on,
            "assessment": text,
            "shortcomings": "",
            "orientation": "",
            "directives-TOTAL_FORMS": "1",
            "directives-INITIAL_FORMS": "0",
            "directives-0-text": text,
            "directives-0-lead": world.front.pk,
            "directives-0-due_date": due,
            "directives-0-due_period": period,
        },
        follow=True,
    )
    assert_no_server_error(response)


@SETTINGS
@given(q=NASTY, status=NASTY, due=NASTY, origin=NASTY, page=NASTY, day=NASTY)
def test_filters_and_query_strings(world, q, status, due, origin, page, day):
    client = client_as(world.bao)
    for url, params in [
        (
            reverse("tracking:board"),
            {"q": q, "status": status, "due_from": due, "origin": origin, "page": page, "sort": q},
        ),
        (reverse("meetings:list"), {"year": page, "period": status, "committee": q, "page": page}),
        (reverse("organizations:list"), {"on": day, "committee": page}),
        (reverse("tracking:proposals"), {"disposition": status, "page": page}),
    ]:
        assert_no_server_error(client.get(url, params))


def test_text_is_saved_faithfully_and_shown_escaped(world, meeting):
    client = client_as(world.trang)
    nasty = "<b>đậm</b> & <script>alert('x')</script> 'DROP TABLE'; 🙂"
    client.post(
        reverse("reports:edit", args=[meeting.pk, world.front.pk]),
        {
            "results": "<p>Kết quả</p>",
            "shortcomings": "",
            "difficulties": "",
            "next_tasks": "",
            "proposals-TOTAL_FORMS": "1",
            "proposals-INITIAL_FORMS": "0",
            "proposals-0-text": nasty,
            "proposals-0-addressed_to": "",
        },
    )
    from meetings.models import Proposal

    assert Proposal.objects.get().text == nasty
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "🙂" in page


FILE_NAMES = st.one_of(
    NASTY,
    st.builds(lambda stem, ext: f"{stem}.{ext}", NASTY, st.sampled_from(["pdf", "docx", "png"])),
)
FILE_BYTES = st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda tail: b"%PDF-1.4\n" + tail, st.binary(max_size=200)),
    st.builds(lambda tail: b"PK\x03\x04" + tail, st.binary(max_size=200)),
)


@pytest.mark.django_db(transaction=False)
@SETTINGS
@given(name=FILE_NAMES, content=FILE_BYTES, reason=NASTY)
def test_uploads(world, meeting, name, content, reason):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings.models import Conclusion

    Conclusion.objects.get_or_create(meeting=meeting, defaults={"status": "issued"})
    client = client_as(world.trang)
    for url, data in (
        (reverse("documents:report_files", args=[meeting.pk, world.front.pk]), {}),
        (reverse("documents:signed_notice", args=[meeting.pk]), {"reason": reason}),
        (f"{reverse('documents:board_upload')}?committee={world.lam_giang.pk}", {}),
    ):
        # The name as a browser can send it: Django keeps only its last part (one that is
        # empty, "." or "..", which ``SimpleUploadedFile`` itself refuses, reaches no view).
        last = name.replace("\\", "/").rsplit("/", 1)[-1]
        upload = SimpleUploadedFile(last if last not in {"", ".", ".."} else "x", content)
        assert_no_server_error(client.post(url, {**data, "file": upload}))


@pytest.mark.django_db(transaction=False)
@SETTINGS
@given(cells=st.lists(st.tuples(NASTY, NASTY, NASTY, NASTY), max_size=5))
def test_tracking_sheet_cells(world, cells):
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from documents.sheets import columns

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([str(c.title) for c in columns()])
    for code, progress, completed, note in cells:
        row = [None] * len(columns())
        row[0], row[10], row[11], row[12] = code[:200], progress[:200], completed[:200], note[:200]
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = client_as(world.trang)
    url = f"{reverse('documents:board_upload')}?committee={world.lam_giang.pk}"
    upload = SimpleUploadedFile("theo-doi.xlsx", buffer.getvalue())
    assert_no_server_error(client.post(url, {"file": upload}))
