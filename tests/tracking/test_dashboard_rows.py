"""The dashboard's totals by status and its table by organization, written in Python
(tracking/dashboard_rows.py), are the markup its template loops gave: with names to
escape, rates to round and no rate at all, and with no directive yet."""

import pytest
from django.template import Context, Template
from django.test.html import parse_html
from django.urls import reverse

from tracking.dashboard_rows import rate, status_table, total_chips
from tracking.models import DirectiveAssignment, Status

# The loops as dashboard.html wrote them before (issue 19).
TEMPLATE_CHIPS = Template(
    """{% for status, n in totals %}<a class="count-chip status-{{ status.value }}" href="{% url 'tracking:board' %}?committee={{ committee.pk }}&amp;status={{ status.value }}"><strong>{{ n }}</strong> {{ status.label }}</a>{% endfor %}"""  # noqa: E501
)
TEMPLATE_TABLE = Template(
    """{% load i18n %}<thead><tr><th>{% translate "Organization" %}</th>{% for s in statuses %}<th class="text-end">{{ s.label }}</th>{% endfor %}<th class="text-end">{% translate "Total" %}</th><th class="text-end">{% translate "On time" %}</th><th class="text-end">{% translate "Late share" %}</th></tr></thead>
<tbody>{% for row in table %}<tr><th scope="row" data-label="{% translate "Organization" %}"><a href="{{ row.overdue_url }}">{{ row.name }}</a></th>{% for n in row.counts %}{% for s in statuses %}{% if forloop.counter == forloop.parentloop.counter %}<td class="text-end" data-label="{{ s.label }}">{{ n }}</td>{% endif %}{% endfor %}{% endfor %}<td class="text-end fw-semibold" data-label="{% translate "Total" %}">{{ row.total }}</td><td class="text-end" data-label="{% translate "On time" %}">{% if row.rate is not None %}{% widthratio row.rate 1 100 %}%{% else %}–{% endif %}</td><td class="text-end" data-label="{% translate "Late share" %}">{% if row.late is not None %}{% widthratio row.late 1 100 %}%{% else %}–{% endif %}</td></tr>{% empty %}<tr><td colspan="10" class="text-body-secondary">{% translate "No directive yet." %}</td></tr>{% endfor %}</tbody>"""  # noqa: E501
)


@pytest.mark.parametrize("value", [None, 0.0, 1.0, 0.125, 0.875, 0.005, 0.015, 2 / 3, 1 / 3])
def test_a_rate_is_what_widthratio_wrote(value):
    theirs = Template(
        "{% if rate is not None %}{% widthratio rate 1 100 %}%{% else %}–{% endif %}"
    ).render(Context({"rate": value}))
    assert rate(value) == theirs


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("empty", [False, True])
def test_the_dashboards_counts_are_the_markup_of_the_template_loops(client, world, issued, empty):
    if not empty:
        issued(texts=('"một" <b>cả</b> & hai', "Hai", "Ba"))
        DirectiveAssignment.objects.create(
            directive=DirectiveAssignment.objects.first().directive, organization=world.farmers
        )
        world.farmers.name = 'Hội <Nông> "dân" & Co'
        world.farmers.save()
    client.force_login(world.bao)

    response = client.get(reverse("tracking:dashboard"))

    html = response.content.decode()
    context = response.context
    chips = html.split('<div class="status-counts', 1)[1].split(">", 1)[1].split("</div>", 1)[0]
    theirs = TEMPLATE_CHIPS.render(
        Context({"totals": context["totals"], "committee": context["committee"]})
    )
    assert parse_html(chips) == parse_html(theirs)
    assert chips.strip() == total_chips(context["totals"], context["committee"].pk)
    table = html.split('status-table cards-on-phone">', 1)[1].split("</table>", 1)[0].strip()
    theirs = TEMPLATE_TABLE.render(
        Context({"statuses": context["statuses"], "table": context["table"]})
    )
    assert table == theirs
    assert table == status_table(context["statuses"], context["table"])
    assert len(context["statuses"]) == len(Status.values)
    if empty:
        assert "<tr><td colspan=" in table
    else:
        assert "Hội &lt;Nông&gt; &quot;dân&quot; &amp; Co" in table
        assert table.count("<tr>") == 3
