"""The bell's count, read before the view (templates run no query, tests/test_key_pages.py)."""

from __future__ import annotations

from notifications.queries import unread_count


class UnreadCountMiddleware:
    """``request.unread_notifications`` for a signed-in reader's GET: a cache read, a
    small query only when the cache does not hold the count (``notifications/queries.py``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if request.method in ("GET", "HEAD") and user is not None and user.is_authenticated:
            request.unread_notifications = unread_count(user)
