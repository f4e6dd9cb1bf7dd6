"""Sign in, sign out and change password, in Vietnamese."""

from django.urls import reverse

from giaoban.demo import DEMO_PASSWORD
from tests.conftest import sign_in


def test_home_asks_anonymous_visitors_to_sign_in(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


def test_login_page_is_in_vietnamese(client, db):
    response = client.get(reverse("login"))

    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi"' in content
    assert "Tên đăng nhập" in content
    assert "Mật khẩu" in content
    assert "Đăng nhập" in content


def test_demo_account_signs_in_and_sees_its_name(client, demo_accounts):
    response = client.post(
        reverse("login"), {"username": "canbo", "password": DEMO_PASSWORD}, follow=True
    )

    assert response.redirect_chain == [("/", 302)]
    assert "Theo dõi thực hiện kết luận" in response.content.decode()  # staff land on the dashboard
    assert "Xin chào, Lê Thị Thu Trang" in client.get(reverse("account")).content.decode()


def test_wrong_password_is_refused_with_a_clear_message(client, demo_accounts):
    response = client.post(reverse("login"), {"username": "canbo", "password": "wrong-password"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in content
    assert 'value="canbo"' in content


def test_sign_out_needs_a_post_and_returns_to_login(staff_client):
    response = staff_client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("login")
    assert staff_client.get("/").status_code == 302


def test_password_change_validates_and_saves(staff_client):
    url = reverse("password_change")
    too_short = staff_client.post(
        url,
        {"old_password": DEMO_PASSWORD, "new_password1": "abc", "new_password2": "abc"},
    )
    assert "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 10 ký tự." in too_short.content.decode()

    new_password = "Hoi-nghi-giao-ban-2026"
    done = staff_client.post(
        url,
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
        follow=True,
    )
    assert "Đã đổi mật khẩu" in done.content.decode()
    staff_client.logout()
    assert sign_in(staff_client, "canbo", new_password).status_code == 302


def test_english_is_available(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})

    response = client.get(reverse("login"))

    content = response.content.decode()
    assert '<html lang="en"' in content
    assert "User name" in content
