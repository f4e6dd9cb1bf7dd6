import datetime as dt
import functools
import re
from itertools import chain

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import get_default_renderer
from django.forms.utils import ErrorList
from django.utils.choices import BaseChoiceIterator, normalize_choices
from django.utils.datastructures import MultiValueDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from giaoban.params import id_param

# What an empty choice reads, instead of Django's "---------" (its ModelChoiceField's
# empty_label and its models' BLANK_CHOICE_DASH): the project's own choices use it, and
# the options Django would write with the dashes are written with it (``choice_label``,
# for the options written in Python, giaoban/fieldhtml.py; the widget template
# templates/django/forms/widgets/select_option.html, for the others).
DASHES = "---------"
CHOOSE = _("— Choose —")


def choice_label(value, label):
    """The label of an option: "— Chọn —" for Django's dashed empty choice."""
    # The value first: comparing a lazy label translates it, and few options are empty.
    if (value is None or value == "") and label == DASHES:
        return CHOOSE
    return label


class DayFirstDateInput(forms.DateInput):
    """A date typed day first, as Vietnamese write it (19/4/2024; 19/04/2024, 19.4.2024,
    19-4-2024 and 2024-04-19 are read too, giaoban/formats/), shown as the app's tables
    show dates (j/n/Y, no leading zeros), with a calendar to pick from
    (static/js/giaoban.js, over the vendored vanillajs-datepicker). Not the browser's
    date input: that follows the browser's locale (mm/dd/yyyy on an English one)."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": _("day/month/year"),
            "inputmode": "numeric",
            "autocomplete": "off",
            "data-datepicker": "",
        }
        super().__init__(attrs={**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return f"{value.day}/{value.month}/{value.year}"
        if value is None or isinstance(value, str):
            # Nothing, or what was typed, sent back as it was: what localize_input gives,
            # without looking up the input format first (once per row of a conclusion:
            # most directives have no due date).
            return value
        return super().format_value(value)


# A date written day first in the right shape (19/4/2024, 19.4.2024, 19-4-2024), whether
# or not such a day exists.
DAY_FIRST_SHAPE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


class DayFirstDateField(forms.DateField):
    widget = DayFirstDateInput
    default_error_messages = {
        "invalid": _("Write the date as day/month/year, for example 19/4/2024."),
        "no_such_day": _("There is no day %(value)s in the calendar: check the day and the month."),
    }

    def to_python(self, value):
        """A date written in the right shape but that does not exist (31/2/2024) is
        said to be so, rather than asking for the shape the person already used."""
        try:
            return super().to_python(value)
        except ValidationError as error:
            if isinstance(value, str) and DAY_FIRST_SHAPE.match(value):
                raise ValidationError(
                    self.error_messages["no_such_day"],
                    code="no_such_day",
                    params={"value": value.strip()},
                ) from error
            raise


class BootstrapMixin:
    """Bootstrap classes on the widgets of forms laid out by hand (filters, small forms)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class SharedChoices(BaseChoiceIterator):
    """Choices made once and given to every row of a formset. Django normalizes a list
    of choices again for each field and widget it is given to (twice per row); these are
    normalized once and handed over as they are, and giaoban/fieldhtml.py, seeing the
    same object in every row, renders their options once."""

    def __init__(self, choices) -> None:
        self.choices = list(normalize_choices(list(choices)))

    def __iter__(self):
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)


class SharedFields(dict):
    """The fields of a formset's rows on a page that is only opened (a GET), made once
    and given to every row: Django deep-copies a form's fields for each form (with their
    widgets and choices), which for a conclusion of 40 directives was a third of the page;
    a row only shown neither validates nor changes its fields."""

    def __init__(self, fields) -> None:
        super().__init__(fields)
        self.plans: dict = {}  # how each field is written (giaoban.fieldhtml.RowPlan)
        self.hidden_names = [name for name, field in fields.items() if field.widget.is_hidden]
        self.heads: dict = {}  # each row's escaped prefix (giaoban.fieldhtml.RowPlan.names)
        self.label_suffix = None  # the empty row's (SharedFieldsFormSet.empty_form)

    def __deepcopy__(self, memo):
        return dict(self)


class SharedFieldsForm:
    """A form that may be given the fields of its formset's other rows (``SharedFields``)
    instead of copying its own. It must then leave its fields as they are: the same value
    for every row, if it sets one."""

    def __init__(self, *args, shared_fields: SharedFields | None = None, **kwargs):
        if shared_fields is None:
            super().__init__(*args, **kwargs)
            return
        self.base_fields = shared_fields  # copied shallowly by BaseForm.__init__
        # The empty row's, translated once (Django translates ":" for each form).
        kwargs.setdefault("label_suffix", shared_fields.label_suffix)
        if (
            not plain_model_form(type(self))
            or args
            or kwargs.get("data") is not None
            or kwargs.get("files") is not None
        ):
            super().__init__(*args, **kwargs)
            return
        # A model form's row, only shown: what BaseModelForm.__init__ does but apply each
        # field's ``limit_choices_to``, which the formset's empty row did to these same
        # fields when it made them (for 40 directives, 360 calls that each import a
        # module: a fifth of making the rows).
        instance = kwargs.pop("instance", None)
        initial = kwargs.pop("initial", None)
        opts = self._meta
        if instance is None:
            self.instance = opts.model()
            object_data = {}
        else:
            self.instance = instance
            object_data = {
                f.name: f.value_from_object(instance) for f in shown_fields(opts, type(instance))
            }
        if initial is not None:
            object_data.update(initial)
        self._validate_unique = False
        if not self._shown_row(object_data, **kwargs):
            forms.BaseForm.__init__(self, initial=object_data, **kwargs)

    def _shown_row(
        self,
        initial: dict,
        *,
        auto_id="id_%s",
        prefix=None,
        error_class=ErrorList,
        label_suffix=None,
        empty_permitted=False,
        use_required_attribute=None,
        renderer=None,
        **others,
    ) -> bool:
        """What BaseForm.__init__ does for an unbound row given the shared fields (copied
        as a dict), without its generic steps; False, having done nothing, for a row it
        does not cover (tests/test_field_html.py compares the two forms' attributes)."""
        if (
            others
            or label_suffix is None
            or self.field_order is not None
            or (empty_permitted and use_required_attribute is not False)  # BaseForm refuses
        ):
            return False
        self.is_bound = False
        self.data = MultiValueDict()
        self.files = MultiValueDict()
        self.auto_id = auto_id
        if prefix is not None:
            self.prefix = prefix
        self.initial = initial
        self.error_class = error_class
        self.label_suffix = label_suffix
        self.empty_permitted = empty_permitted
        self._errors = None
        self.fields = dict(self.base_fields)
        self._bound_fields_cache = {}
        if use_required_attribute is not None:
            self.use_required_attribute = use_required_attribute
        if renderer is None:  # as BaseForm finds it
            renderer = self.default_renderer
            if renderer is None:
                renderer = get_default_renderer()
            elif isinstance(renderer, type):
                renderer = renderer()
        self.renderer = renderer
        self.bound_field_class = self.bound_field_class or getattr(
            renderer, "bound_field_class", None
        )
        return True

    @property
    def shares_fields(self) -> bool:
        return isinstance(self.base_fields, SharedFields)


@functools.cache
def shown_fields(opts, model: type) -> tuple:
    """The fields of ``model`` whose values ``model_to_dict(instance, opts.fields,
    opts.exclude)`` gives, in its order, found once per form and model."""
    meta = model._meta
    return tuple(
        f
        for f in chain(meta.concrete_fields, meta.private_fields, meta.many_to_many)
        if getattr(f, "editable", False)
        and (opts.fields is None or f.name in opts.fields)
        and not (opts.exclude and f.name in opts.exclude)
    )


@functools.cache
def plain_model_form(cls: type) -> bool:
    """Whether ``cls`` (a SharedFieldsForm) is a model form whose making, after
    SharedFieldsForm's, is BaseModelForm's and BaseForm's alone (no other ``__init__``
    between them), its fields ordered as BaseForm orders them."""
    mro = cls.__mro__
    if forms.BaseModelForm not in mro or cls.order_fields is not forms.BaseForm.order_fields:
        return False
    between = mro[mro.index(SharedFieldsForm) + 1 : mro.index(forms.BaseForm)]
    return all("__init__" not in vars(k) for k in between if k is not forms.BaseModelForm)


class SharedFieldsFormSet:
    """A formset (of ``SharedFieldsForm``) whose unbound rows share the fields of its
    empty row; in a model formset, the primary key's too (each row's key is then its
    initial value). A formset sent back keeps Django's forms, each with its own fields
    and errors."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and not self.is_bound:
            kwargs["shared_fields"] = self.shared_fields
        return kwargs

    @cached_property
    def shared_fields(self) -> SharedFields:
        return self.empty_form.base_fields

    @cached_property
    def empty_form(self):
        # Django makes it anew each time it is read: here once, for the shared fields
        # and for the page's template of a new row, which (unbound, without errors) is
        # written as the rows are, from their fields' plans.
        form = super().empty_form
        form.base_fields = SharedFields(form.fields)
        form.base_fields.label_suffix = form.label_suffix
        return form

    def add_fields(self, form, index):
        if not getattr(form, "shares_fields", False):
            super().add_fields(form, index)
        elif isinstance(self, forms.BaseModelFormSet):
            form.initial[self._pk_field.name] = form.instance.pk


class LoadedRowsFormSet:
    """A model formset given its rows already read (``rows``: a list, in the order the
    queryset would give them; e.g. by a compiled query, giaoban/compiled.py) instead of
    reading its queryset."""

    def __init__(self, *args, rows: list | None = None, **kwargs):
        if rows is not None:
            if kwargs.get("queryset") is not None:
                raise TypeError("Give a formset its rows or its queryset, not both.")
            # In place of the queryset, which is never read: an inline formset filtered
            # it by its parent (the ORM building a query for nothing, on every page).
            kwargs["queryset"] = GivenRows(rows)
        super().__init__(*args, **kwargs)
        if rows is not None:
            self._queryset = rows  # what BaseModelFormSet.get_queryset() keeps


class GivenRows(list):
    """The rows given to a ``LoadedRowsFormSet``, as its queryset: already its parent's."""

    def filter(self, *args, **kwargs) -> "GivenRows":
        return self

    def none(self) -> "GivenRows":
        return GivenRows()


def fetch_choices(form: forms.Form) -> None:
    """Read the options of the form's model choice fields now, in the view, rather than
    while the template renders them (templates run no query; see tests/test_key_pages.py).
    The querysets still validate what is submitted."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and not hasattr(field, "_choices"):
            # One plain query: list(field.choices) would count the rows first and read
            # them through a server-side cursor (two more round trips on PostgreSQL).
            iterator = field.iterator(field)
            choices = [("", field.empty_label)] if field.empty_label is not None else []
            field.choices = choices + [iterator.choice(obj) for obj in field.queryset]


class ModelMultipleIdField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows by id that refuses, as invalid choices, values that are
    not ids at all (a 40-digit number overflowed SQLite's integers: a 500)."""

    def _check_values(self, value):
        if self.to_field_name is None:
            try:
                values = list(value)
            except TypeError:
                values = []  # Django's own check says what is wrong
            for pk in values:
                if id_param(str(pk)) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)
