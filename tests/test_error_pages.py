"""Friendly error pages in Vietnamese."""

import pytest
from django.test import RequestFactory
from django.views import defaults


def test_unknown_page_answers_404_in_vietnamese(staff_client):
    response = staff_client.get("/khong-co-trang-nay/")

    content = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in content
    assert "Về trang chủ" in content


@pytest.mark.parametrize(
    ("view", "status", "text"),
    [
        (defaults.server_error, 500, "Đã xảy ra lỗi"),
        (defaults.bad_request, 400, "Yêu cầu không hợp lệ"),
    ],
)
def test_error_pages_render_without_context(view, status, text):
    request = RequestFactory().get("/")
    response = view(request) if view is defaults.server_error else view(request, Exception())

    assert response.status_code == status
    assert text in response.content.decode()


def test_permission_denied_page(rf):
    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = defaults.permission_denied(request, Exception())

    assert response.status_code == 403
    assert "Bạn không có quyền xem trang này" in response.content.decode()


def test_expired_form_page_explains_csrf_failure(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
