"""A conclusion's body, written in Python (meetings/conclusion_html.py), is the markup
``_conclusion_body.html`` gave: notice number with or without its date, sections,
directives to all organizations or some, lead or not, due on a date, in a period or not
at all, text to escape, cited documents; a draft without directives; in English."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test.html import parse_html

from meetings.models import Citation, Conclusion, Directive
from tests.conftest import reader
from tests.factories import make_meeting, make_organization
from tracking.models import DirectiveAssignment

pytestmark = pytest.mark.usefixtures("no_page_cache")

# The body as meetings/_conclusion_body.html wrote it before (issue 19).
TEMPLATE_BODY = Template(
    """{% load i18n meetings_tags %}
{% if conclusion.notice_number %}<p class="mb-2">{% translate "Conclusion notice" %} {% translate "No." %} {{ conclusion.notice_number }}{% if conclusion.issued_on %}, {% translate "dated" %} {{ conclusion.issued_on|date:"SHORT_DATE_FORMAT" }}{% endif %}</p>{% endif %}
{% if conclusion.assessment %}<h3 class="section-title">{% translate "Assessment of the period" %}</h3><div class="richtext">{{ conclusion.assessment|richtext }}</div>{% endif %}
{% if conclusion.shortcomings %}<h3 class="section-title">{% translate "Shortcomings to fix" %}</h3><div class="richtext">{{ conclusion.shortcomings|richtext }}</div>{% endif %}
{% if conclusion.orientation %}<h3 class="section-title">{% translate "Orientation for the next period" %}</h3><div class="richtext">{{ conclusion.orientation|richtext }}</div>{% endif %}
{% if directives %}
<h3 class="section-title">{% translate "Directives" %}</h3>
<div class="table-responsive">
<table class="table table-sm align-top directives cards-on-phone">
  <thead><tr><th scope="col">#</th><th scope="col">{% translate "Directive" %}</th><th scope="col">{% translate "Assignees" %}</th><th scope="col">{% translate "Due" %}</th></tr></thead>
  <tbody>
  {% for d in directives %}
  <tr>
    <td>{{ d.position }}</td>
    <td>{{ d.text|linebreaksbr }}</td>
    <td data-label="{% translate 'Assignees' %}">{% if d.to_all_organizations %}<div><em>{% translate "All organizations" %}</em></div>{% endif %}{% if d.group_name %}<div><em>{{ d.group_name }}</em></div>{% endif %}{% for a in d.assignees %}{% if a.is_lead %}<div><strong>{{ a.display_name }}</strong> ({% if d.group_name %}{% translate "compiles" %}{% else %}{% translate "lead" %}{% endif %})</div>{% elif not d.to_all_organizations %}<div>{{ a.display_name }}</div>{% endif %}{% endfor %}</td>
    <td data-label="{% translate 'Due' %}">{% if d.due_date %}{{ d.due_date|date:"SHORT_DATE_FORMAT" }}{% elif d.due_period %}{{ d.due_period.label }}{% else %}—{% endif %}</td>
  </tr>
  {% endfor %}
  </tbody>
</table>
</div>
{% endif %}
{% with citations=conclusion.cited %}{% if citations %}<p class="small mb-0"><strong>{% translate "Documents cited" %}:</strong> {% for c in citations %}{{ c.label }}{% if not forloop.last %}; {% endif %}{% endfor %}</p>{% endif %}{% endwith %}
"""  # noqa: E501
)


def assert_body_as_before(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<section class="card mb-3" id="conclusion"')
    section = html[start : html.index("</section>", start)]
    ours = section.split('<div class="card-body">', 1)[1]
    ours = ours[: ours.rindex("</div>")]
    context = response.context
    theirs = TEMPLATE_BODY.render(
        Context({"conclusion": context["conclusion"], "directives": context["directives"]})
    )
    assert parse_html(ours) == parse_html(theirs), f"{ours}\n---\n{theirs}"
    return ours


@pytest.fixture
def concluded(world):
    meeting = make_meeting(world.lam_giang, "2024-Q2", held_on=dt.date(2024, 7, 15))
    veterans = make_organization(world.lam_giang, "Hội <Cựu> chiến binh & “tỉnh”", kind="other")
    conclusion = Conclusion.objects.create(
        meeting=meeting,
        status="issued",
        notice_number="45-TB/TU <a>",
        issued_on=dt.date(2024, 7, 20),
        assessment="<p>Tốt &amp; đều.</p>",
        orientation="<p>Chuẩn bị Đại hội.</p>",
    )
    Citation.objects.create(conclusion=conclusion, code="12-KL/TW", label="Kết luận 12-KL/TW")
    Citation.objects.create(conclusion=conclusion, code="35-CT/TW", label="Chỉ thị <35>-CT/TW")
    everyone = Directive.objects.create(
        conclusion=conclusion,
        position=1,
        text="Toàn thể <các tổ chức>\ntriển khai & báo cáo.",
        to_all_organizations=True,
        due_date=dt.date(2024, 9, 30),
    )
    some = Directive.objects.create(
        conclusion=conclusion, position=2, text="Hai.", due_period_year=2024, due_period_kind="Q3"
    )
    Directive.objects.create(conclusion=conclusion, position=3, text="Ba, không hạn.")
    for directive in (everyone, some):
        DirectiveAssignment.objects.create(
            directive=directive, organization=world.front, is_lead=True
        )
        DirectiveAssignment.objects.create(directive=directive, organization=world.farmers)
        DirectiveAssignment.objects.create(directive=directive, organization=veterans)
    return meeting


@pytest.mark.parametrize("who", ["trang", "khoi"])
def test_the_body_is_the_markup_of_the_template(world, concluded, who):
    body = assert_body_as_before(reader(getattr(world, who)).get(concluded.get_absolute_url()))

    assert body.count("<tr>") == 4
    assert "Hội &lt;Cựu&gt; chiến binh &amp; “tỉnh”" in body


def test_a_draft_without_directives_nor_notice_number(world):
    meeting = make_meeting(world.lam_giang, "2024-Q3", held_on=dt.date(2024, 10, 15))
    Conclusion.objects.create(meeting=meeting, status="draft", shortcomings="<p>Chậm.</p>")

    body = assert_body_as_before(reader(world.trang).get(meeting.get_absolute_url()))

    assert "<table" not in body


def test_in_english(world, concluded):
    body = assert_body_as_before(reader(world.trang, "en").get(concluded.get_absolute_url()))

    assert "All organizations" in body


def test_a_group_and_the_body_that_compiles(world, concluded):
    conclusion = Conclusion.objects.get(meeting=concluded)
    group = Directive.objects.create(
        conclusion=conclusion,
        position=4,
        text="Các cơ quan, đơn vị thực hiện; Ban Dân vận tổng hợp, báo cáo.",
        group_name="các cơ quan <đơn vị>",
    )
    DirectiveAssignment.objects.create(directive=group, organization=world.farmers, is_lead=True)
    DirectiveAssignment.objects.create(directive=group, organization=world.front)

    body = assert_body_as_before(reader(world.trang).get(concluded.get_absolute_url()))

    assert "<div><em>các cơ quan &lt;đơn vị&gt;</em></div>" in body
    assert "<strong>Hội Nông dân tỉnh Lâm Giang</strong> (tổng hợp)" in body
