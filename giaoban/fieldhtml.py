"""Form fields as Bootstrap 5 markup written in Python, for forms of many repeated rows.

The markup is the one crispy-forms' ``|as_crispy_field`` (bootstrap5 pack) and Django's
widget templates give: the same names, ids, labels, required markers, help texts, error
messages and ``aria-*`` attributes (tests/test_field_html.py compares the two). Those
templates cost a template render per field, per widget and per option: for a conclusion
of 40 directives, thousands of renders. Here each field costs a few string joins, and
a select box's options are rendered once per page (``OptionLists``): each row then
only marks the values it has selected.

Anything else (a widget kind not written here) is rendered by Django as before.
"""

from __future__ import annotations

import html
import re

from django import forms
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from giaoban.forms import SharedFields, choice_label

# The widgets written here, as Django's templates write them.
INPUTS = (forms.TextInput, forms.NumberInput, forms.DateInput, forms.HiddenInput)


def escape(value) -> str:
    """Django's ``escape`` (the same characters), without its checks for lazy strings."""
    return html.escape(str(value))


class OptionLists:
    """The ``<option>`` lists of one page, each rendered once and given to every select
    box that offers the same choices (the rows of a formset), with only its own selected
    values marked; and the labels the rows share, translated once."""

    def __init__(self) -> None:
        self.lists: dict[str, tuple[object, list, str]] = {}
        self.labels: dict[int, tuple[object, str]] = {}
        self.boxes: dict[int, tuple[object, BoxList]] = {}

    def box_list(self, choices) -> BoxList:
        """The checkboxes of ``choices`` (a widget's), escaped and translated once for
        every row that offers the same choices (the same object: SharedChoices)."""
        kept = self.boxes.get(id(choices))
        if kept is None or kept[0] is not choices:
            kept = (choices, BoxList(choices))
            self.boxes[id(choices)] = kept
        return kept[1]

    def label(self, label) -> str:
        """``label`` (a lazy translation, the same object in every row) escaped."""
        kept = self.labels.get(id(label))
        if kept is None or kept[0] is not label:
            kept = (label, conditional_escape(label))
            self.labels[id(label)] = kept
        return kept[1]

    def html(self, key: str, choices, selected: list[str], *, multiple: bool) -> str | None:
        """The options of ``choices`` (a widget's) with ``selected`` marked; None if there
        are groups among them (Django renders those)."""
        kept = self.lists.get(key)
        # Choices shared by the rows (SharedChoices) are the same object: nothing to
        # check; others are compared with those of the row that rendered them.
        if kept is None or kept[0] is not choices:
            listed = list(choices)
            if kept is None or kept[1] != listed:
                if any(isinstance(label, list | tuple) for _value, label in listed):
                    return None
                kept = (choices, listed, render_options(listed))
                self.lists[key] = kept
        options = kept[2]
        for value in selected if multiple else selected[:1]:
            option = f'<option value="{escape(value)}">'
            options = options.replace(option, f"{option[:-1]} selected>", 1)
        return options


def option_lists(context) -> OptionLists:
    """The page's option lists, kept on its template context (which includes share)."""
    lists = getattr(context, "option_lists", None)
    if lists is None:
        lists = context.option_lists = OptionLists()
    return lists


def render_options(choices) -> str:
    """Django's select_option.html for each choice, none selected (the project's
    templates/django/forms/widgets/select_option.html: an empty choice reads "— Chọn —")."""
    return "".join(
        f'\n<option value="{escape("" if value is None else value)}">'
        f"{escape(label) if type(label) is str else conditional_escape(label)}</option>"
        for value, label in ((value, choice_label(value, label)) for value, label in choices)
    )


class BoxList:
    """What ``choice_list`` writes alike in every row offering the same choices: each
    choice's value (as given, and escaped) and label escaped, and the filter box's
    words translated."""

    def __init__(self, choices) -> None:
        self.items = []
        for value, label in choices:
            value = "" if value is None else str(value)
            shown = escape(label) if type(label) is str else conditional_escape(label)
            self.items.append((value, escape(value), shown))
        self.filter_label = escape(gettext("Filter the list"))
        self.filter_placeholder = escape(gettext("Type to filter…"))

    def checks(self, selected) -> tuple[str, ...]:
        """ " checked" for each choice among ``selected`` (values as the widget gives them),
        "" for the others."""
        chosen = {str(value) for value in selected}
        return tuple(" checked" if raw in chosen else "" for raw, _value, _label in self.items)


def choice_list(
    html_name: str,
    auto_id: str,
    choices,
    selected,
    *,
    invalid: bool,
    options: OptionLists | None = None,
) -> str:
    """A multiple choice (CheckboxSelectMultiple) as a list of checkboxes, each with its
    whole label (the organizations' full names wrap rather than being cut, as they were
    in a select box), under a box that filters them by typing (shown by
    static/js/giaoban.js; without it the list is plain). ``html_name`` and ``auto_id``
    are escaped; the checkboxes' ids are Django's (``auto_id`` and their index). With the
    page's ``options``, the choices are escaped once for all the rows that offer them."""
    boxes = options.box_list(choices) if options is not None else BoxList(choices)
    css = "form-check-input is-invalid" if invalid else "form-check-input"
    return boxes_html(html_name, auto_id, boxes, boxes.checks(selected), css)


def boxes_html(html_name: str, auto_id: str, boxes: BoxList, checks, css: str) -> str:
    """``choice_list`` of ``boxes``, each checked as ``checks`` says (" checked" or "")."""
    written = "".join(
        f'<div class="form-check"><input type="checkbox" name="{html_name}" '
        f'value="{value}" class="{css}" id="{auto_id}_{index}"{check}>'
        f'<label class="form-check-label" for="{auto_id}_{index}">{label}</label></div>'
        for index, ((_raw, value, label), check) in enumerate(zip(boxes.items, checks, strict=True))
    )
    return (
        f'<div class="choice-list" data-choice-list><input type="search" '
        'class="form-control form-control-sm choice-filter" data-choice-filter hidden '
        f'aria-label="{boxes.filter_label}" placeholder="{boxes.filter_placeholder}">'
        f'<div class="choice-list-items" id="{auto_id}">{written}</div></div>'
    )


def choice_list_field(
    bf: BoundField, label: str, marker: str, required_class: str, options: OptionLists
) -> str:
    """field_html of a list of checkboxes: a fieldset whose legend is the label."""
    widget = bf.field.widget
    html_name, auto_id = escape(bf.html_name), escape(bf.auto_id)
    control = choice_list(
        html_name,
        auto_id,
        widget.choices,
        widget.format_value(bf.value()),
        invalid=bool(bf.errors),
        options=options,
    )
    return choice_list_fieldset(
        auto_id, f"{label}{marker}", required_class, control, errors_and_help(bf)
    )


def choice_list_fieldset(auto_id: str, legend: str, required_class: str, control, after) -> str:
    """A list of checkboxes in its fieldset: the legend (label and required marker, escaped)
    and, after the list, its errors and help text."""
    return (
        f'<fieldset id="div_{auto_id}" class="mb-3">'
        f'<legend class="form-label fs-6{required_class}">{legend}</legend>'
        f"{control}{after}</fieldset>"
    )


def attributes(attrs: dict) -> str:
    """Django's attrs.html."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def crispy_class(widget: forms.Widget, bootstrap: str) -> str:
    """The widget's CSS class as crispy-forms sets it: the class it has, the widget's own
    name, then Bootstrap's classes."""
    own = widget.__class__.__name__.lower()
    css = widget.attrs.get("class", "")
    if not css:
        css = own
    elif css.find(own) == -1:
        css = f"{css} {own}"
    words = css.split()
    for word in bootstrap.split():
        if word not in words:
            words.append(word)
            css = f"{css} {word}"
    return css


def widget_html(bf: BoundField, *, css: str | None = None, options: OptionLists | None = None):
    """What ``str(bf)`` gives (with ``css`` as crispy-forms sets the class), from Python."""
    plan = RowPlan.of(bf.form, bf.name)
    if plan is not None:
        return plan.widget(bf.form, bf.name, css, options)
    return general_widget_html(bf, css=css, options=options)


def general_widget_html(bf: BoundField, *, css: str | None, options: OptionLists | None):
    widget = bf.field.widget
    base = dict(widget.attrs)
    if css is not None:
        base["class"] = css
    extra = bf.build_widget_attrs({}, widget)
    if bf.auto_id and "id" not in widget.attrs:
        extra.setdefault("id", bf.auto_id)
    name = bf.html_name
    if isinstance(widget, forms.CheckboxSelectMultiple) and bf.auto_id:
        return mark_safe(
            choice_list(
                escape(name),
                escape(bf.auto_id),
                widget.choices,
                widget.format_value(bf.value()),
                invalid=bool(bf.errors),
                options=options,
            )
        )
    if isinstance(widget, forms.Select):
        listed = (options or OptionLists()).html(
            bf.name,
            widget.choices,
            widget.format_value(bf.value()),
            multiple=widget.allow_multiple_selected,
        )
        if listed is not None:
            attrs = widget.build_attrs(base, extra)
            if widget.allow_multiple_selected:
                attrs["multiple"] = True
            return mark_safe(
                f'<select name="{escape(name)}"{attributes(attrs)}>{listed}\n</select>'
            )
    elif isinstance(widget, (*INPUTS, forms.Textarea, forms.CheckboxInput)):
        context = widget.get_context(name, bf.value(), extra)["widget"]
        # The widget's own attributes, with crispy's class, then those of this field
        # (required, aria-*, id; checked).
        attrs = {**base, **context["attrs"]}
        if css is not None:
            attrs["class"] = css
        value = context["value"]
        if isinstance(widget, forms.Textarea):
            text = conditional_escape(value) if value else ""
            return mark_safe(
                f'<textarea name="{escape(name)}"{attributes(attrs)}>\n{text}</textarea>'
            )
        shown = "" if value is None else f' value="{escape(value)}"'
        kind = escape(context["type"])
        return mark_safe(f'<input type="{kind}" name="{escape(name)}"{shown}{attributes(attrs)}>')
    if css is not None:
        return bf.as_widget(attrs={"class": css})
    return bf.as_widget()


def labelled_widgets(form: forms.BaseForm, columns, *, between: str = "\n") -> SafeString:
    """Fields of a form laid out by hand (a filter), each in its column with its label:
    ``<div class="CSS"><label class="form-label" for="id_NAME">{{ form.NAME.label }}</label>
    {% widget form.NAME %}</div>`` for each ``(NAME, CSS)`` of ``columns``, joined by
    ``between``."""
    return mark_safe(
        between.join(
            f'<div class="{escape(css)}"><label class="form-label" for="id_{escape(name)}">'
            f"{conditional_escape(bf.label)}</label>{widget_html(bf)}</div>"
            for name, css in columns
            for bf in (form[name],)
        )
    )


def hidden_fields(form: forms.BaseForm) -> SafeString:
    """``{% for hidden in form.hidden_fields %}{{ hidden }}{% endfor %}``."""
    names = getattr(form.base_fields, "hidden_names", None)  # rows sharing their fields
    if names is None:
        return mark_safe("".join(widget_html(bf) for bf in form.hidden_fields()))
    # (SafeString rather than mark_safe: the joined text is a plain str, and mark_safe's
    # lazy-string check cost a microsecond a field on a page of hundreds of fields.)
    return SafeString("".join(row_widget(form, name) for name in names if name in form.fields))


def row_field(form: forms.BaseForm, name: str, options: OptionLists) -> str:
    """``field_html(form[name])``; for a row sharing its fields, without a BoundField."""
    plan = RowPlan.of(form, name)
    if plan is None:
        return field_html(form[name], options=options)
    return plan.field(form, name, options)


def row_widget(form: forms.BaseForm, name: str) -> str:
    """``widget_html(form[name])``; for a row sharing its fields, without a BoundField."""
    plan = RowPlan.of(form, name)
    if plan is None:
        return widget_html(form[name])
    return plan.widget(form, name, None, None)


def field_html(bf: BoundField, *, options: OptionLists | None = None) -> SafeString:
    """``{{ bf|as_crispy_field }}`` of the bootstrap5 pack."""
    plan = RowPlan.of(bf.form, bf.name)
    if plan is not None:
        return plan.field(bf.form, bf.name, options or OptionLists())
    widget = bf.field.widget
    if widget.is_hidden:
        return widget_html(bf)
    errors = bf.errors
    required = bf.field.required
    marker = '<span class="asteriskField">*</span>' if required else ""
    required_class = " requiredField" if required else ""
    options = options or OptionLists()
    label = options.label(bf.label)
    for_label = f'for="{escape(bf.id_for_label)}" ' if bf.id_for_label else ""
    if isinstance(widget, forms.CheckboxSelectMultiple) and bf.auto_id:
        return mark_safe(choice_list_field(bf, label, marker, required_class, options))
    if isinstance(widget, forms.CheckboxInput):
        bootstrap = "form-check-input is-invalid" if errors else "form-check-input"
        control = widget_html(bf, css=crispy_class(widget, bootstrap))
        return mark_safe(
            f'<div class="mb-3"><div id="div_{escape(bf.auto_id)}" class="form-check">'
            f'{control}<label {for_label}class="form-check-label{required_class}">'
            f"{label}{marker}</label>{errors_and_help(bf)}</div></div>"
        )
    bootstrap = "form-select" if isinstance(widget, forms.Select) else "form-control"
    if errors:
        bootstrap += " is-invalid"
    control = widget_html(bf, css=crispy_class(widget, bootstrap), options=options)
    heading = (
        f'<label {for_label}class="form-label{required_class}">{label}{marker}</label>'
        if label
        else ""
    )
    return mark_safe(
        f'<div id="div_{escape(bf.auto_id)}" class="mb-3">{heading}'
        f"{control}{errors_and_help(bf)}</div>"
    )


def errors_and_help(bf: BoundField) -> str:
    """crispy-forms' help_text_and_errors.html: the errors, then the help text."""
    markup = ""
    if bf.errors:
        field_id = escape(bf.auto_id)
        messages = "".join(
            f'<p id="error_{n}_{field_id}"><strong>{conditional_escape(error)}</strong></p>'
            for n, error in enumerate(bf.errors, start=1)
        )
        markup = (
            f'<div id="{escape(getattr(bf.errors, "field_id", None))}_error" '
            f'class="invalid-feedback">{messages}</div>'
        )
    if bf.help_text:
        where = f'id="{escape(bf.auto_id)}_helptext" ' if bf.auto_id else ""
        markup += f'<div {where}class="form-text">{bf.help_text}</div>'
    return markup


# Attributes that a row's own values give; a widget that sets one itself is left to the
# general code above.
ROW_ATTRIBUTES = ("id", "required", "disabled", "aria-describedby", "aria-invalid", "checked")


class RowPlan:
    """What ``field_html`` and ``widget_html`` write for one field of the rows that share
    it (``giaoban.forms.SharedFields``: the rows of a formset on a page only opened, which
    have no errors), worked out once: the classes, the label, the required marker, the
    widget's own attributes and the help text are the same in every row, which adds only
    its name, its ids and its value (read as BoundField.value reads it, without making
    one). The markup is the one the code above writes (the same attributes in the same
    order); a field it does not cover has no plan and is written by that code."""

    @classmethod
    def of(cls, form: forms.BaseForm, name: str) -> RowPlan | None:
        plans = getattr(form.base_fields, "plans", None)
        if plans is None:
            return None  # not a row sharing its fields
        plan = plans.get(name, False)
        if plan is False:
            plan = plans[name] = cls.made_for(form[name])
        return plan

    @classmethod
    def made_for(cls, bf: BoundField) -> RowPlan | None:
        widget, form = bf.field.widget, bf.form
        kinds = (*INPUTS, forms.Textarea, forms.CheckboxInput, forms.Select)
        if type(widget) is forms.CheckboxSelectMultiple:
            # A list of checkboxes (choice_list: no attribute of the widget is written).
            return cls(bf) if form.auto_id and not form.is_bound else None
        if (
            type(widget).get_context not in PLAIN_CONTEXTS
            or type(widget).build_attrs is not forms.Widget.build_attrs
            or widget.id_for_label("row") != "row"
            or not isinstance(widget, kinds)
            or isinstance(widget, forms.RadioSelect | forms.FileInput)
            or any(name in widget.attrs for name in (*ROW_ATTRIBUTES, "multiple", "class"))
            or widget.use_fieldset
            or not form.auto_id
            or form.is_bound
        ):
            return None
        return cls(bf)

    def __init__(self, bf: BoundField) -> None:
        field, widget = bf.field, bf.field.widget
        self.hidden = widget.is_hidden
        self.boxes = type(widget) is forms.CheckboxSelectMultiple
        self.checkbox = isinstance(widget, forms.CheckboxInput)
        self.select = isinstance(widget, forms.Select)
        self.textarea = isinstance(widget, forms.Textarea)
        self.multiple = self.select and widget.allow_multiple_selected
        self.kind = "" if self.select or self.textarea else escape(widget.input_type)
        # As BoundField.build_widget_attrs: the same for every row of one formset.
        fixed = ""
        if widget.use_required_attribute(bf.initial) and field.required:
            fixed += " required" if bf.form.use_required_attribute else ""
        if field.disabled:
            fixed += " disabled"
        self.fixed = fixed
        self.described = bool(field.help_text) and not self.hidden
        self.help_text = str(bf.help_text)
        # The widget's own attributes, then crispy-forms' class, as widget_html orders them.
        own = attributes(widget.attrs)
        if self.hidden:
            self.own = {None: own}
        else:
            bootstrap = "form-select" if self.select else "form-control"
            if self.checkbox:
                bootstrap = "form-check-input"
            css = crispy_class(widget, bootstrap)
            self.own = {None: own, css: own + attributes({"class": css})}
            self.css = css
        required = field.required
        self.marker = '<span class="asteriskField">*</span>' if required else ""
        self.required_class = " requiredField" if required else ""
        self.label = bf.label
        self.label_html: str | None = None
        self.name = escape(bf.name)

    def names(self, form: forms.BaseForm, name: str) -> tuple[str, str]:
        """The row's field name and id (BoundField.html_name and auto_id), escaped; the
        row's prefix escaped once for all its fields (escaping is character by
        character: the parts escaped one by one give the whole escaped)."""
        key = (form.prefix, form.auto_id)
        heads = form.base_fields.heads  # a plan is made for rows sharing their fields
        head = heads.get(key)
        if head is None:
            head = heads[key] = row_head(*key)
        if head is False:  # an auto_id other than one "%s" in a str
            auto_id = form.auto_id
            html_name = form.add_prefix(name)
            auto_id = auto_id % html_name if "%s" in str(auto_id) else html_name
            return escape(html_name), escape(auto_id)
        row, id_before, id_after = head
        return f"{row}{self.name}", f"{id_before}{self.name}{id_after}"

    def widget(self, form, name: str, css: str | None, options: OptionLists | None) -> str:
        own = self.own.get(css)
        if own is None:  # a class this plan was not made for
            return general_widget_html(form[name], css=css, options=options)
        return SafeString(self.control(form, name, *self.names(form, name), own, options))

    def values(self, form, name: str, options: OptionLists) -> tuple[str, ...] | None:
        """What ``form``, a row, writes of its own value in this field, escaped: the
        checkboxes' marks; the options, its own selected; the text; the value attribute
        and the checkbox's mark. None for options in groups (Django renders those)."""
        field = form.fields[name]
        widget = field.widget
        value = field.prepare_value(form.get_initial_for_field(field, name))
        if self.boxes:
            return options.box_list(widget.choices).checks(widget.format_value(value))
        if self.select:
            listed = options.html(
                name, widget.choices, widget.format_value(value), multiple=self.multiple
            )
            return None if listed is None else (listed,)
        shown = widget.format_value(value)
        if self.textarea:
            if not shown:
                return ("",)
            if type(shown) is str:  # conditional_escape's result, without its checks
                return (escape(shown),)
            return (conditional_escape(shown),)
        checked = " checked" if self.checkbox and widget.check_test(value) else ""
        return ("" if shown is None else f' value="{escape(shown)}"', checked)

    def control(self, form, name, html_name, auto_id, own, options) -> str:
        if options is None and (self.select or self.boxes):
            options = OptionLists()  # (the other widgets read no options)
        if type(form) is SkeletonProbe:
            values = form.slots(self, name, options)
        else:
            values = self.values(form, name, options)
        if values is None:  # groups of options
            return general_widget_html(form[name], css=self.css, options=options)
        if self.boxes:
            boxes = options.box_list(form.fields[name].widget.choices)
            return boxes_html(html_name, auto_id, boxes, values, "form-check-input")
        tail = self.fixed
        if self.described:
            tail += f' aria-describedby="{auto_id}_helptext"'
        tail += f' id="{auto_id}"'
        if self.select:
            if self.multiple:
                tail += " multiple"
            return f'<select name="{html_name}"{own}{tail}>{values[0]}\n</select>'
        if self.textarea:
            return f'<textarea name="{html_name}"{own}{tail}>\n{values[0]}</textarea>'
        return f'<input type="{self.kind}" name="{html_name}"{values[0]}{own}{tail}{values[1]}>'

    def field(self, form, name: str, options: OptionLists) -> SafeString:
        html_name, auto_id = self.names(form, name)
        if self.hidden:
            return SafeString(self.control(form, name, html_name, auto_id, self.own[None], options))
        control = self.control(form, name, html_name, auto_id, self.own[self.css], options)
        label = self.label_html
        if label is None:  # escaped once, in the language of the page (a plan is a page's)
            label = self.label_html = options.label(self.label)
        help_text = (
            f'<div id="{auto_id}_helptext" class="form-text">{self.help_text}</div>'
            if self.help_text
            else ""
        )
        if self.boxes:
            return SafeString(
                choice_list_fieldset(
                    auto_id, f"{label}{self.marker}", self.required_class, control, help_text
                )
            )
        marked = f"{label}{self.marker}</label>"
        if self.checkbox:
            return SafeString(
                f'<div class="mb-3"><div id="div_{auto_id}" class="form-check">{control}'
                f'<label for="{auto_id}" class="form-check-label{self.required_class}">'
                f"{marked}{help_text}</div></div>"
            )
        heading = (
            f'<label for="{auto_id}" class="form-label{self.required_class}">{marked}'
            if label
            else ""
        )
        return SafeString(
            f'<div id="div_{auto_id}" class="mb-3">{heading}{control}{help_text}</div>'
        )


def row_head(prefix: str | None, auto_id) -> tuple[str, str, str] | bool:
    """What a row's field names and ids start and end with, escaped (RowPlan.names);
    False for an ``auto_id`` that is not a str with one ``%s``."""
    if not isinstance(auto_id, str) or auto_id.count("%") != 1:
        return False
    before, after = auto_id.split("%s") if "%s" in auto_id else ("", "")
    row = f"{escape(prefix)}-" if prefix else ""
    return row, escape(before) + row, escape(after)


# Widgets whose context is Django's own (name, value, attributes; checked for a checkbox).
PLAIN_CONTEXTS = {
    forms.Widget.get_context,
    forms.widgets.Input.get_context,
    forms.CheckboxInput.get_context,
    forms.Select.get_context,
    forms.widgets.ChoiceWidget.get_context,
}


# Where a row's prefix and its values go in a row skeleton's markup (characters of
# Unicode's private use area; the check of each skeleton against its first row would
# catch one in a label).
_PREFIX = "\ue000"
_SLOT = "\ue001{}\ue002"
_MARKS = re.compile("(\ue000|\ue001\\d+\ue002)")


class SkeletonProbe:
    """The first of the rows that share their fields, as a row's layout sees it when a
    ``RowSkeleton`` is made: its prefix and each of its values written as marks. A field
    written otherwise than from its plan (read as a BoundField) spoils the skeleton."""

    is_bound = False
    _errors = None

    def __init__(self, row: forms.BaseForm) -> None:
        self.row = row
        self.base_fields = row.base_fields
        self.fields = row.fields
        self.auto_id = row.auto_id
        self.prefix = _PREFIX
        self.fillers: list[tuple[RowPlan, str]] = []
        self.count = 0
        self.complete = True

    def __getitem__(self, name: str) -> BoundField:
        self.complete = False  # written by Django or by the general code, not by a plan
        return self.row[name]

    def slots(self, plan: RowPlan, name: str, options: OptionLists) -> tuple[str, ...] | None:
        values = plan.values(self.row, name, options)
        if values is None:
            return None
        self.fillers.append((plan, name))
        first, self.count = self.count, self.count + len(values)
        return tuple(_SLOT.format(index) for index in range(first, self.count))


class RowSkeleton:
    """The markup of a row of rows that share their fields (a formset's, on a page only
    opened), written once by the rows' layout with marks where a row writes its prefix
    and its values (``SkeletonProbe``): the text between the marks is then joined with
    each row's own parts, instead of every field's markup being written again in every
    row. A skeleton is used only if it gives the first row exactly as the layout writes
    it (``write_rows``)."""

    def __init__(self, marked: str, fillers: list[tuple[RowPlan, str]], count: int) -> None:
        pieces = _MARKS.split(marked)
        self.texts = pieces[0::2]  # the markup between the marks
        # What goes at each mark: a value by its index, or the prefix (-1: the last).
        self.parts = [-1 if mark == _PREFIX else int(mark[1:-1]) for mark in pieces[1::2]]
        self.size = len(self.texts) + len(self.parts)
        self.fillers = fillers
        self.count = count

    @classmethod
    def made(cls, layout, first: forms.BaseForm, options: OptionLists) -> RowSkeleton | None:
        if row_head(first.prefix, first.auto_id) is False:
            return None
        probe = SkeletonProbe(first)
        marked = layout(probe)
        return cls(marked, probe.fillers, probe.count) if probe.complete else None

    def fill(self, form: forms.BaseForm, options: OptionLists) -> str | None:
        values: list[str] = []
        for plan, name in self.fillers:
            own = plan.values(form, name, options)
            if own is None:
                return None
            values += own
        if len(values) != self.count:
            return None
        values.append(escape(form.prefix))
        written = [""] * self.size
        written[0::2] = self.texts
        written[1::2] = [values[part] for part in self.parts]
        return "".join(written)


# A skeleton costs about two rows written by the layout (the probe and the first row's
# check) before a row filled in saves about half of one: from five rows, a conclusion of six
# directives still counted 0.1 million instructions more with it than without (issue 19).
SKELETON_ROWS = 10


def write_rows(rows, layout, options: OptionLists) -> str:
    """``layout(form)`` (the markup of one row) of each of ``rows``, joined. Rows that
    share their fields are filled into a ``RowSkeleton`` made from the first, if it gives
    the first as ``layout`` writes it; any other row is written by ``layout``.

    ``layout`` must write what differs from row to row through ``row_field``,
    ``row_widget``, ``hidden_fields`` and ``errors_of`` alone: anything else it reads of a
    row (its model instance, a value beside it) would be filled in as the first row's."""
    rows = list(rows)
    if len(rows) < SKELETON_ROWS or not _sharing(rows):
        return "".join([layout(form) for form in rows])
    written = [layout(rows[0])]  # (its fields' plans made, before the skeleton's)
    skeleton = RowSkeleton.made(layout, rows[0], options)
    if skeleton is None or skeleton.fill(rows[0], options) != written[0]:
        return "".join([*written, *(layout(form) for form in rows[1:])])
    for form in rows[1:]:
        row = skeleton.fill(form, options)
        written.append(layout(form) if row is None else row)
    return "".join(written)


def _sharing(rows: list[forms.BaseForm]) -> bool:
    """Whether ``rows`` are unbound rows without errors of one kind and with the same ids,
    sharing their fields (``giaoban.forms.SharedFields``)."""
    first = rows[0]
    shared = getattr(first, "base_fields", None)
    if not isinstance(shared, SharedFields):
        return False
    kind, auto_id = type(first), first.auto_id
    return all(
        type(form) is kind
        and form.base_fields is shared
        and not form.is_bound
        and not form._errors
        and form.auto_id == auto_id
        for form in rows
    )
