"""The menu of every page: its addresses are reversed once per process and script prefix
(``giaoban/navigation.py``), and stay right under a prefix."""

import re

from django.test import Client
from django.urls import clear_script_prefix, set_script_prefix

from giaoban.demo import DEMO_PASSWORD
from tests.conftest import sign_in


def menu(html: str) -> list[str]:
    nav = html[html.index('id="main-nav"') : html.index("</nav>")]
    return re.findall(r'href="([^"#]+)"', nav)


def test_the_menu_links_to_the_pages(demo_accounts):
    client = Client()
    sign_in(client, "canbo", DEMO_PASSWORD)

    page = client.get("/meetings/").content.decode()

    links = menu(page)
    assert {"/", "/meetings/", "/tracking/board/", "/organizations/"} <= set(links)
    assert "/accounts/sessions/" in links
    assert 'class="nav-link active" href="/meetings/"' in page
    assert 'action="/search/"' in page


def test_under_a_script_prefix_the_addresses_carry_it():
    """Behind a proxy that serves the app under a path (``SCRIPT_NAME``), reversed once per
    prefix: never a prefix-less address kept from before."""
    from giaoban.navigation import addresses

    plain = addresses(None)["nav"]
    set_script_prefix("/giaoban/")  # as the WSGI handler does for SCRIPT_NAME
    try:
        prefixed = addresses(None)["nav"]
    finally:
        clear_script_prefix()

    assert plain["meetings_list"] == "/meetings/"
    assert prefixed["meetings_list"] == "/giaoban/meetings/"
    assert all(link.startswith("/giaoban/") for link in prefixed.values())
    assert addresses(None)["nav"] == plain
