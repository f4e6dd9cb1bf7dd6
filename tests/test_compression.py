"""Pages leave gzip-compressed for browsers that accept it (giaoban/compression.py);
downloads leave as they are."""

from __future__ import annotations

import gzip
import io

from django.urls import reverse
from docx import Document

from tests.factories import make_report
from tests.test_configuration import run_manage


def test_a_page_goes_out_compressed_to_a_browser_that_accepts_gzip(client, world, issued):
    meeting, _directives = issued()
    make_report(meeting, world.front, status="submitted", results="<p>Đã tổ chức 12 hội nghị.</p>")
    client.force_login(world.trang)
    url = reverse("meetings:detail", args=[meeting.pk])

    plain = client.get(url)
    compressed = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})

    assert "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"]
    assert compressed["Content-Encoding"] == "gzip"
    assert int(compressed["Content-Length"]) == len(compressed.content)
    page = gzip.decompress(compressed.content).decode()
    assert "Đã tổ chức 12 hội nghị." in page
    assert "Nhiệm vụ Một" in page
    assert len(compressed.content) < len(plain.content) / 3
    # The same page as the plain one, but for the tokens renewed at each request.
    assert page.count("\n") == plain.content.decode().count("\n")


def test_a_page_kept_by_the_page_cache_goes_out_compressed_too(client, world, issued):
    meeting, _directives = issued()
    client.force_login(world.trang)
    url = reverse("meetings:detail", args=[meeting.pk])
    client.get(url)

    kept = client.get(url, headers={"accept-encoding": "gzip"})

    assert kept["X-Page-Cache"] == "hit"
    assert kept["Content-Encoding"] == "gzip"
    assert "Nhiệm vụ Một" in gzip.decompress(kept.content).decode()


def test_a_download_is_not_compressed_again(client, world, issued):
    meeting, _directives = issued()
    client.force_login(world.trang)

    response = client.get(
        reverse("documents:notice", args=[meeting.pk]), headers={"accept-encoding": "gzip"}
    )

    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert response["Content-Length"]
    notice = Document(io.BytesIO(b"".join(response.streaming_content)))
    assert any("Nhiệm vụ Một" in p.text for p in notice.paragraphs) or any(
        "Nhiệm vụ Một" in cell.text for t in notice.tables for row in t.rows for cell in row.cells
    )


def test_compression_is_left_to_nginx_when_asked():
    ask = "from django.conf import settings; print('TextGZip' in ' '.join(settings.MIDDLEWARE))"

    assert run_manage("shell", "--no-imports", "-c", ask).stdout.strip() == "True"
    assert (
        run_manage("shell", "--no-imports", "-c", ask, DJANGO_COMPRESS_PAGES="0").stdout.strip()
        == "False"
    )
