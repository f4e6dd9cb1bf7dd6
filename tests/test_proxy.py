"""DJANGO_CLIENT_IP_HEADER: the visitor's address as the proxy in front passes it."""

import pytest
from django.http import HttpResponse

from giaoban.proxy import ClientAddressMiddleware


def address_seen(rf, settings, **headers) -> str:
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    seen = {}

    def view(request):
        seen["address"] = request.META["REMOTE_ADDR"]
        return HttpResponse()

    ClientAddressMiddleware(view)(rf.get("/", REMOTE_ADDR="127.0.0.1", headers=headers))
    return seen["address"]


@pytest.mark.parametrize("address", ["203.0.113.7", "2001:db8::1"])
def test_the_proxys_header_gives_the_address(rf, settings, address):
    assert address_seen(rf, settings, **{"X-Real-IP": address}) == address


@pytest.mark.parametrize("value", ["", "203.0.113.7, 10.0.0.1", "<script>"])
def test_a_missing_or_malformed_header_keeps_the_connections_address(rf, settings, value):
    assert address_seen(rf, settings, **{"X-Real-IP": value}) == "127.0.0.1"
