"""Double submission: each form carries a one-time token; a token seen twice is refused.

``claim`` must run inside the transaction that writes what the form says, so that
a failed write leaves the token unused and the same form can be sent again.
"""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from accounts.models import FormSubmission

FIELD = "submission_token"


class AlreadySubmitted(Exception):
    pass


def new_token() -> str:
    return uuid.uuid4().hex


def claim(request: HttpRequest) -> None:
    """Record this form's token; raise ``AlreadySubmitted`` if it was recorded before."""
    claim_token(request.POST.get(FIELD, ""), request.user)


def claim_token(token: str, user) -> None:
    """``claim`` for a service that is handed the token (inside its own transaction)."""
    if not (token.isascii() and token.isalnum()):
        # A client that sends no token (a script) gets no protection; nor does one that
        # sends something no form of ours made (a NUL in it failed on PostgreSQL: a 500).
        return
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token[:64], user=user)
    except IntegrityError:
        raise AlreadySubmitted from None
