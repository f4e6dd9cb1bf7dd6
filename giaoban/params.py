"""Values read straight from a request's query string or form, parsed so that nothing a
visitor sends can reach a query as anything but what it should be."""

from __future__ import annotations

# The largest id any database column here holds (a 64-bit signed integer).
LARGEST_ID = 2**63 - 1


def id_param(value) -> int | None:
    """The id ``value`` names (ASCII digits within range, spaces around them ignored as
    forms ignore them), else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 0 < number <= LARGEST_ID else None
