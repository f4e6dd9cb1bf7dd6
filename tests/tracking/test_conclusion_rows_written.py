"""Saving a conclusion writes the directives the form changed, not every one: a row left as
it was gets no update, no history row and keeps its citations; a renumbered row, an
edited one and a removed one are written, each with its history row."""

from meetings.models import Citation, Directive
from tests.factories import make_meeting
from tests.tracking.test_conclusion_cost import (
    committee_with_staff,
    conclusion_post,
    conclusion_url,
    directive_rows,
)


def history_of(directives) -> dict[int, int]:
    counts = dict.fromkeys((d.pk for d in directives), 0)
    for row in Directive.history.filter(id__in=list(counts)):
        counts[row.id] += 1
    return counts


def test_only_the_directives_the_form_changed_are_written(world):
    committee, (a, b, c, _d), client = committee_with_staff(world, 1)
    meeting = make_meeting(committee, "2024-Q2")
    url = conclusion_url(meeting)
    texts = ["Nhiệm vụ một theo Chỉ thị 35-CT/TW", "Nhiệm vụ hai", "Nhiệm vụ ba"]
    rows = [directive_rows(i, text, a, [b]) for i, text in enumerate(texts)]
    assert client.post(url, conclusion_post(rows)).status_code == 302
    saved = list(Directive.objects.filter(conclusion__meeting=meeting).order_by("position"))
    assert history_of(saved) == {d.pk: 1 for d in saved}
    citations = set(Citation.objects.filter(directive=saved[0]).values_list("pk", flat=True))
    assert citations

    def same(index, directive, **changes):
        return directive_rows(
            index,
            changes.get("text", directive.text),
            changes.get("lead", a),
            [b],
            saved=directive,
            delete=changes.get("delete", False),
        )

    # Only the conclusion's text changes: no directive is written.
    data = conclusion_post(
        [same(i, d) for i, d in enumerate(saved)],
        initial=3,
        assessment="<p>Đánh giá, sửa lại.</p>",
    )
    assert client.post(url, data).status_code == 302
    assert history_of(saved) == {d.pk: 1 for d in saved}
    assert set(Citation.objects.filter(directive=saved[0]).values_list("pk", flat=True)) == (
        citations
    )

    # The second edited, its lead changed: it alone is written, with its new part.
    data = conclusion_post(
        [same(0, saved[0]), same(1, saved[1], text="Nhiệm vụ hai, sửa", lead=c), same(2, saved[2])],
        initial=3,
    )
    assert client.post(url, data).status_code == 302
    assert history_of(saved) == {saved[0].pk: 1, saved[1].pk: 2, saved[2].pk: 1}
    lead = saved[1].assignments.get(is_lead=True)
    assert lead.organization == c

    # The first removed: the others move up a number and are written.
    data = conclusion_post(
        [
            same(0, saved[0], delete=True),
            same(1, saved[1], text="Nhiệm vụ hai, sửa", lead=c),
            same(2, saved[2]),
        ],
        initial=3,
    )
    assert client.post(url, data).status_code == 302
    assert history_of(saved) == {saved[0].pk: 2, saved[1].pk: 3, saved[2].pk: 2}
    kept = Directive.objects.filter(conclusion__meeting=meeting).order_by("position")
    assert [(d.pk, d.position) for d in kept] == [
        (saved[1].pk, 1),
        (saved[2].pk, 2),
    ]
    assert Directive.objects.get(pk=saved[1].pk).text == "Nhiệm vụ hai, sửa"
