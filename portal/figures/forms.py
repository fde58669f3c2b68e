"""The period, town and closing time the figures page is asked for."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from .registry import next_month

DEFAULT_MONTHS = 12
MAX_MONTHS = 60
MONTH_FORMAT = "%Y-%m"


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self):
        super().__init__(format=MONTH_FORMAT)


def month_field(label):
    return forms.DateField(
        label=label,
        input_formats=[MONTH_FORMAT],
        widget=MonthInput(),
        required=False,
        error_messages={"invalid": gettext_lazy("Enter a month as YYYY-MM, e.g. 2026-03.")},
    )


def default_period(today=None):
    """The last twelve months, the current one included."""
    end = (today or timezone.localdate()).replace(day=1)
    start = end
    for _step in range(DEFAULT_MONTHS - 1):
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    return start, end


def months_between(start, end):
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = next_month(month)
    return months


class FiguresForm(forms.Form):
    start = month_field(gettext_lazy("From (month)"))
    end = month_field(gettext_lazy("Until (month)"))
    stadt = forms.TypedChoiceField(
        label=pgettext_lazy("figures", "Town"), coerce=int, required=False, empty_value=None
    )
    tage = forms.IntegerField(
        label=gettext_lazy("Concerns closed within (days)"),
        min_value=1,
        max_value=365,
        required=False,
    )

    def __init__(self, *args, towns, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(town.pk, town.name) for town in towns]
        if len(towns) > 1:
            choices.insert(0, ("", _("All towns")))
        self.fields["stadt"].choices = choices

    def clean(self):
        data = super().clean()
        default_start, default_end = default_period()
        start = data.get("start") or default_start
        end = data.get("end") or default_end
        if start > end:
            raise forms.ValidationError(_("The period ends before it starts."))
        if len(months_between(start, end)) > MAX_MONTHS:
            raise forms.ValidationError(
                _("Choose a period of at most %(months)s months.") % {"months": MAX_MONTHS}
            )
        data["months"] = months_between(start, end)
        data["tage"] = data.get("tage") or 14
        return data
