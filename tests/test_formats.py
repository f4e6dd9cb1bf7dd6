"""Dates and times as Vietnamese users read them."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation


def render(source: str, **context) -> str:
    return Template("{% load l10n %}" + source).render(Context(context))


def test_dates_show_as_in_vietnamese_tables():
    with translation.override("vi"):
        assert render("{{ d|date:'SHORT_DATE_FORMAT' }}", d=dt.date(2024, 4, 19)) == "19/4/2024"
        assert render("{{ d }}", d=dt.date(2024, 4, 9)) == "9/4/2024"


def test_times_are_shown_in_vietnam_time():
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ
    moment = dt.datetime(2024, 4, 19, 1, 30, tzinfo=dt.UTC)
    with translation.override("vi"), timezone.override(zoneinfo.ZoneInfo(settings.TIME_ZONE)):
        assert render("{{ m }}", m=moment) == "08:30 19/4/2024"


def test_dates_are_read_as_typed_in_vietnam():
    from django import forms

    field = forms.DateField()
    with translation.override("vi"):
        assert field.clean("19/04/2024") == dt.date(2024, 4, 19)
        assert field.clean("2024-04-19") == dt.date(2024, 4, 19)
