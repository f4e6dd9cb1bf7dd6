"""The directive board's rows, written in Python (tracking/board_rows.py), are the markup
its template loop gave: for staff (with the selection boxes, kept checked when a bulk
update is sent back) and for leaders, for forgotten, lead and co-assigned parts, with and
without a deadline or an update, and when nothing matches."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test.html import parse_html
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from meetings.models import Directive
from tests.factories import record_progress
from tracking import stats
from tracking.models import DirectiveAssignment

# The rows as board.html wrote them before (issue 19).
TEMPLATE_ROWS = Template(
    """{% load i18n tracking_tags %}
      {% for part in page %}
        {% with status=part.status|as_status %}
        <tr>
          {% if bulk %}<td class="board-select"><input class="form-check-input" type="checkbox" name="selected"{% if forloop.first %} id="id_selected"{% endif %} value="{{ part.pk }}"{% if part.pk in selected %} checked{% endif %} aria-label="{% translate 'Select' %}: {{ part.directive.text|truncatewords:8 }}"><input type="hidden" name="version-{{ part.pk }}" value="{{ part.version }}"></td>{% endif %}
          <td class="board-directive"><a href="{% url 'tracking:directive' part.directive_id %}">{{ part.directive.text|truncatewords:30 }}</a>{% if part.forgotten %} <span class="badge text-bg-warning">{% translate "forgotten" %}</span>{% endif %}<span class="directive-id">{% blocktranslate with number=part.directive.position %}Item {{ number }}{% endblocktranslate %}{% if part.directive.conclusion.notice_number %} · {% blocktranslate with number=part.directive.conclusion.notice_number %}Notice {{ number }}{% endblocktranslate %}{% endif %} · {{ part.directive.conclusion.meeting.period.label }}</span></td>
          <td data-label="{% translate 'Assignee' %}">{{ part.organization.name }}{% if part.is_lead %} <span class="text-body-secondary small">({% if part.directive.group_name %}{% translate "compiles" %}{% else %}{% translate "lead" %}{% endif %})</span>{% endif %}</td>
          <td class="text-nowrap" data-label="{% translate 'Deadline' %}">{{ part.directive.deadline|date:"SHORT_DATE_FORMAT"|default:"—" }}</td>
          <td data-label="{% translate 'Status' %}"><span class="status status-{{ status.value }}">{{ status.label }}</span>{% if status.value == "overdue" %}<span class="days-overdue">{{ part.days_text }}</span>{% endif %}</td>
          <td class="text-nowrap small" data-label="{% translate 'Last update' %}">{{ part.progress_at|date:"SHORT_DATE_FORMAT"|default:"—" }}</td>
        </tr>
        {% endwith %}
      {% empty %}
        <tr><td colspan="6" class="text-body-secondary">{% translate "No directive matches." %}</td></tr>
      {% endfor %}"""  # noqa: E501
)

LONG = " ".join(f"từ{n}" for n in range(1, 41))


def assert_rows_as_before(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    ours = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    context = response.context
    # The template's parts as it was given them: the assignments, annotated as before.
    today = timezone.localdate()
    parts = (
        stats.with_forgotten(stats.tracked(today), today)
        .select_related("directive__conclusion__meeting", "organization")
        .in_bulk([row.pk for row in context["page"]])
    )
    page = [parts[row.pk] for row in context["page"]]
    for part in page:
        if part.directive.deadline:
            days = (context["today"] - part.directive.deadline).days
            part.days_text = ngettext("%(days)d day overdue", "%(days)d days overdue", days) % {
                "days": days
            }
    theirs = TEMPLATE_ROWS.render(
        Context({"page": page, "bulk": context["bulk"], "selected": context["selected"]})
    )
    assert parse_html(ours) == parse_html(theirs), f"{ours}\n---\n{theirs}"
    return ours


@pytest.mark.usefixtures("no_page_cache")
def test_board_rows_are_the_markup_of_the_template_loop(client, world, issued):
    meeting, directives = issued(texts=('"một" <b>cả</b> & hai', LONG, "Ba"))
    forgotten = Directive.objects.create(
        conclusion=directives[0].conclusion, position=9, text="Không thời hạn"
    )
    DirectiveAssignment.objects.create(
        directive=forgotten, organization=world.farmers, is_lead=False
    )
    parts = list(DirectiveAssignment.objects.order_by("pk"))
    record_progress(
        assignment=parts[0], progress="done", completed_on=dt.date(2024, 6, 1), by=world.khoi
    )
    record_progress(assignment=parts[1], progress="in_progress", by=world.khoi)
    board = reverse("tracking:board")

    client.force_login(world.trang)
    rows = assert_rows_as_before(client.get(board))
    assert rows.count("<tr>") == 4
    assert "&quot;một&quot; &lt;b&gt;cả&lt;/b&gt; &amp; hai" in rows
    # "Nhiệm vụ từ1 …": 30 words in the row, 8 in the box's label.
    assert "từ28 …" in rows and "từ6 …" in rows
    assert 'Không thời hạn</a> <span class="badge text-bg-warning">' in rows
    # A bulk update sent back (no progress chosen): the chosen rows stay checked.
    sent_back = client.post(board, {"selected": [parts[1].pk, parts[3].pk]})
    assert assert_rows_as_before(sent_back).count(" checked") == 2
    assert_rows_as_before(client.get(board, {"q": "không có nhiệm vụ này"}))
    assert_rows_as_before(client.get(board, {"sort": "status", "status": "overdue"}))

    client.force_login(world.bao)
    rows = assert_rows_as_before(client.get(board))
    assert 'type="checkbox"' not in rows


# The recent directives as organization_detail.html wrote them before (issue 19).
TEMPLATE_RECENT = Template(
    """{% load i18n tracking_tags %}{% for part in recent_directives %}{% with status=part.status|as_status %}<tr><td><a href="{% url 'tracking:directive' part.directive_id %}">{{ part.directive.text|truncatewords:16 }}</a><span class="directive-id">{% blocktranslate with number=part.directive.position %}Item {{ number }}{% endblocktranslate %}{% if part.directive.conclusion.notice_number %} · {% blocktranslate with number=part.directive.conclusion.notice_number %}Notice {{ number }}{% endblocktranslate %}{% endif %}</span></td><td class="text-nowrap">{{ part.directive.conclusion.meeting.period.label }}</td><td><span class="status status-{{ status.value }}">{{ status.label }}</span></td></tr>{% endwith %}{% endfor %}"""  # noqa: E501
)


@pytest.mark.usefixtures("no_page_cache")
def test_an_organizations_recent_directives_are_the_markup_of_the_template_loop(
    client, world, issued
):
    issued(texts=('"một" <b>cả</b> & hai', LONG, "Ba"))
    issued(period="2024-Q2", held_on=dt.date(2024, 7, 10), texts=("Bốn",))
    part = DirectiveAssignment.objects.order_by("pk").first()
    record_progress(
        assignment=part, progress="done", completed_on=dt.date(2024, 6, 1), by=world.khoi
    )
    client.force_login(world.trang)

    response = client.get(reverse("tracking_organizations:detail", args=[world.front.pk]))

    html = response.content.decode()
    ours = html.split("<tbody>", 2)[2].split("</tbody>", 1)[0]
    # The template's parts as the page read them before.
    recent = (
        stats.tracked(timezone.localdate())
        .filter(organization=world.front)
        .select_related("directive__conclusion__meeting")
        .order_by("-directive__conclusion__meeting__period_end", "directive__position")[:30]
    )
    assert [part.directive_id for part in recent] == [
        row.directive_id for row in response.context["recent_directives"]
    ]
    theirs = TEMPLATE_RECENT.render(Context({"recent_directives": recent}))
    assert parse_html(ours) == parse_html(theirs), f"{ours}\n---\n{theirs}"
    assert ours.count("<tr>") == 4
    assert "&quot;một&quot; &lt;b&gt;cả&lt;/b&gt; &amp; hai" in ours and "từ14 …" in ours


# The overdue directives as dashboard.html wrote them before (issue 19).
TEMPLATE_OVERDUE = Template(
    """{% load i18n %}{% for part in overdue %}<tr><td><a href="{% url 'tracking:directive' part.directive_id %}">{{ part.directive.text|truncatewords:14 }}</a><span class="directive-id">{% blocktranslate with number=part.directive.position %}Item {{ number }}{% endblocktranslate %}{% if part.directive.conclusion.notice_number %} · {% blocktranslate with number=part.directive.conclusion.notice_number %}Notice {{ number }}{% endblocktranslate %}{% endif %} · {{ part.directive.conclusion.meeting.period.label }}</span></td><td data-label="{% translate 'Assignee' %}">{{ part.organization.short_name|default:part.organization.name }}</td><td class="text-end late" data-label="{% translate 'Days late' %}">{{ part.days_late }}</td></tr>{% endfor %}"""  # noqa: E501
)


@pytest.mark.usefixtures("no_page_cache")
def test_the_dashboards_overdue_directives_are_the_markup_of_the_template_loop(
    client, world, issued
):
    issued(texts=('"một" <b>cả</b> & hai', LONG, "Ba"))
    part = DirectiveAssignment.objects.order_by("pk").last()
    DirectiveAssignment.objects.create(
        directive=part.directive, organization=world.farmers, is_lead=False
    )
    client.force_login(world.bao)

    response = client.get(reverse("tracking:dashboard"))

    html = response.content.decode()
    ours = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    # The template's parts as it was given them: the assignments, with their days late.
    rows = response.context["overdue"]
    parts = DirectiveAssignment.objects.select_related(
        "directive__conclusion__meeting", "organization"
    ).in_bulk([row.pk for row in rows])
    for row in rows:
        parts[row.pk].days_late = row.days_late
    theirs = TEMPLATE_OVERDUE.render(Context({"overdue": [parts[row.pk] for row in rows]}))
    assert parse_html(ours) == parse_html(theirs), f"{ours}\n---\n{theirs}"
    assert ours.count("<tr>") == 4
    assert "&quot;một&quot; &lt;b&gt;cả&lt;/b&gt; &amp; hai" in ours and "từ12 …" in ours


# The board's counts by status as board.html wrote them before (issue 19).
TEMPLATE_CHIPS = Template(
    """{% for status, n in counts %}<a class="count-chip status-{{ status.value }}" href="?{{ query }}&amp;status={{ status.value }}"><strong>{{ n }}</strong> {{ status.label }}</a>{% endfor %}"""  # noqa: E501
)


@pytest.mark.usefixtures("no_page_cache")
def test_board_counts_are_the_markup_of_the_template_loop(client, world, issued):
    issued(texts=("Một", "Hai", "Ba"))
    part = DirectiveAssignment.objects.order_by("pk").first()
    record_progress(assignment=part, progress="in_progress", by=world.khoi)
    client.force_login(world.trang)
    board = reverse("tracking:board")

    for query in ({}, {"q": 'một "<b>" & hai', "organization": world.front.pk, "page": 2}):
        response = client.get(board, query)

        html = response.content.decode()
        ours = html.split('aria-label="Số lượng theo trạng thái">', 1)[1].split("</div>", 1)[0]
        ours = ours.split("</span>", 1)[1]  # after the total
        context = response.context
        theirs = TEMPLATE_CHIPS.render(
            Context({"counts": context["counts"], "query": context["chips_query"]})
        )
        assert parse_html(ours) == parse_html(theirs), f"{ours}\n---\n{theirs}"
        assert ours.count("count-chip") == 6
