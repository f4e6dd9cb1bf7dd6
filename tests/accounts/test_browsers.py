"""The sessions page names browsers in words, with the raw string kept in a title."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.browsers import describe
from accounts.models import UserSession

CASES = [
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Safari/537.36",
        "Chrome trên Windows",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
        "Safari trên iPhone",
    ),
    (
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "Firefox trên Linux",
    ),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "coc_coc_browser/118.0.220 Chrome/112.0.5615.220 Safari/537.36",
        "Cốc Cốc trên Windows",
    ),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91",
        "Edge trên Windows",
    ),
    (
        "Mozilla/5.0 (Linux; Android 13; SM-A536E Build/TP1A.220624.014; wv) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 "
        "Mobile Safari/537.36 Zalo android/12100677 ZaloTheme/light ZaloLanguage/vi",
        "Zalo trên Android",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 Zalo iOS/470 ZaloTheme/light ZaloLanguage/vi",
        "Zalo trên iPhone",
    ),
    (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.2 Safari/605.1.15",
        "Safari trên macOS",
    ),
    (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.6099.144 Mobile Safari/537.36",
        "Chrome trên Android",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1",
        "Chrome trên iPhone",
    ),
    (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/120.0.0.0 Safari/537.36",
        "Chrome trên macOS",
    ),
    (
        "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like "
        "Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
        "Samsung Internet trên Android",
    ),
    (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "HeadlessChrome/120.0.6099.28 Safari/537.36",
        "Chrome trên Linux",
    ),
    ("curl/8.5.0", "Trình duyệt không xác định"),
    ("", "Trình duyệt không xác định"),
]


@pytest.mark.parametrize(("user_agent", "words"), CASES)
def test_user_agents_read_in_words(user_agent, words):
    assert describe(user_agent) == words


def test_the_sessions_page_names_the_browser_and_keeps_the_string(demo_accounts):
    from giaoban.demo import DEMO_PASSWORD
    from tests.conftest import sign_in

    user_agent, words = CASES[3]
    client = Client(HTTP_USER_AGENT=user_agent)
    sign_in(client, "canbo", DEMO_PASSWORD)
    assert UserSession.objects.get().user_agent == user_agent

    page = client.get(reverse("sessions")).content.decode()

    assert f'<span title="{user_agent}">{words}</span>' in page
    assert page.count("Mozilla/5.0") == 1  # only in the title
