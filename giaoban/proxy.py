"""The visitor's own address behind nginx or a load balancer.

Behind a proxy every request comes from the proxy's address, so sign-in lockouts
(django-axes) and the security log would see one address for everybody. When
``DJANGO_CLIENT_IP_HEADER`` names a header that the proxy sets itself (nginx:
``proxy_set_header X-Real-IP $remote_addr;``), its value becomes ``REMOTE_ADDR``.
Only use it when the app servers cannot be reached except through that proxy: a
visitor who reaches gunicorn directly could send any address in the header.
"""

from __future__ import annotations

import contextlib
import ipaddress

from django.conf import settings


class ClientAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.meta_key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")

    def __call__(self, request):
        value = request.META.get(self.meta_key, "").strip()
        # Missing or malformed: keep the address of the connection.
        with contextlib.suppress(ValueError):
            request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(value))
        return self.get_response(request)
