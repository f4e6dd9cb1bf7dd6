"""The meeting list's rows, written in Python (meetings/meeting_rows.py), are the markup
its template loop gave: regular and extraordinary meetings, held or not, with or without
a chair, in every status, and when nothing matches."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test.html import parse_html
from django.urls import reverse

from tests.factories import make_meeting

# The rows as meeting_list.html wrote them before (issue 19).
TEMPLATE_ROWS = Template(
    """{% load i18n %}
      {% for meeting in page %}
        <tr>
          <td><a href="{{ meeting.get_absolute_url }}">{{ meeting.period.label }}</a>{% if not meeting.is_regular %} <span class="badge text-bg-light">{% translate "extraordinary" %}</span>{% endif %}</td>
          <td>{{ meeting.committee.name }}</td>
          <td>{{ meeting.held_on|date:"SHORT_DATE_FORMAT"|default:"—" }}</td>
          <td>{{ meeting.chair_name|default:"—" }}</td>
          <td><span class="status status-{{ meeting.status }}">{{ meeting.get_status_display }}</span></td>
        </tr>
      {% empty %}
        <tr><td colspan="5" class="text-body-secondary">{% translate "No meeting matches." %}</td></tr>
      {% endfor %}"""  # noqa: E501
)


def assert_rows_as_before(response) -> str:
    assert response.status_code == 200
    ours = response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    theirs = TEMPLATE_ROWS.render(Context({"page": response.context["page"]}))
    assert parse_html(ours) == parse_html(theirs), f"{ours}\n---\n{theirs}"
    return ours


@pytest.mark.usefixtures("no_page_cache")
def test_meeting_rows_are_the_markup_of_the_template_loop(client, world, meeting):
    make_meeting(world.lam_giang, "2024-Q2", held_on=None, chair_name='Lê "Ba" <&>')
    make_meeting(
        world.lam_giang, "2024-Q2", is_regular=False, held_on=dt.date(2024, 8, 2), status="planned"
    )
    make_meeting(world.lam_giang, "2024-Y", held_on=dt.date(2025, 1, 9))
    client.force_login(world.trang)

    rows = assert_rows_as_before(client.get(reverse("meetings:list")))
    assert rows.count("<tr>") == 4
    assert "Lê &quot;Ba&quot; &lt;&amp;&gt;" in rows
    assert_rows_as_before(client.get(reverse("meetings:list"), {"year": "1999"}))
    # The English interface: the same rows, in English.
    client.post(reverse("set_language"), {"language": "en"})
    rows = assert_rows_as_before(client.get(reverse("meetings:list")))
    assert "extraordinary" in rows
