"""The figures page in the admin and its CSV downloads.

Who may look: holders of ``roles.view_reports`` (editors, administrators,
the ministry's editors). Which towns: ``town_ids_of(user)``: a town's own
editors see their towns only, and asking for another town answers 404;
installation-wide users see every town together or pick one.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from portal import spreadsheets
from portal.roles.services import may_see_reports, town_ids_of

from . import charts, registry
from .formatting import csv_value, display
from .forms import FiguresForm, default_period
from .registry import COUNT, DAYS, MONEY, PERCENT, Scope
from .towns import figure_towns

NUMERIC = {COUNT, MONEY, PERCENT, DAYS}


def visible_towns(user):
    """The towns ``user`` may see figures of (``PermissionDenied`` if none)."""
    if not may_see_reports(user):
        raise PermissionDenied
    towns = figure_towns()
    allowed = town_ids_of(user)
    if allowed is not None:
        towns = [town for town in towns if town.pk in allowed]
    if not towns:
        raise PermissionDenied
    return towns


def scope_for(request):
    """``(form, scope)`` for the request; ``scope`` is ``None`` when the form is invalid.

    A town the user may not see is a 404, whether it exists or not.
    """
    towns = visible_towns(request.user)
    asked = request.GET.get("stadt", "")
    if asked and (not asked.isdigit() or int(asked) not in {town.pk for town in towns}):
        raise Http404
    start, end = default_period()
    defaults = {"start": f"{start:%Y-%m}", "end": f"{end:%Y-%m}", "tage": "14"}
    form = FiguresForm(request.GET or defaults, towns=towns)
    if not form.is_valid():
        return form, None
    picked = form.cleaned_data.get("stadt")
    chosen = [town for town in towns if picked is None or town.pk == picked]
    return form, Scope(
        towns=tuple(chosen),
        months=tuple(form.cleaned_data["months"]),
        all_towns=picked is None,
        close_days=form.cleaned_data["tage"],
    )


def presented(table):
    """A table as the page shows it: header and cells as German text, numbers marked."""
    kinds = [column.kind for column in table.columns]
    return {
        "title": table.title,
        "header": table.header(),
        "numeric": [kind in NUMERIC for kind in kinds],
        "rows": [
            [
                (display(value, kind), kind in NUMERIC)
                for value, kind in zip(row, kinds, strict=True)
            ]
            for row in table.rows
        ],
    }


def index(request):
    form, scope = scope_for(request)
    shown = []
    if scope is not None:
        for section in registry.sections():
            figure = section.compute(scope)
            shown.append(
                {
                    "section": section,
                    "charts": [
                        {
                            "svg": charts.svg(chart, f"figures-{section.key}-{number}"),
                            "table": presented(chart.table()),
                        }
                        for number, chart in enumerate(figure.charts)
                    ],
                    "tables": [presented(table) for table in figure.tables],
                    "notes": figure.notes,
                }
            )
    return TemplateResponse(
        request,
        "figures/index.html",
        {
            "page_title": _("Key figures"),
            "header_icon": "table",
            "form": form,
            "scope": scope,
            "sections": shown,
            "query": request.GET.urlencode(),
        },
    )


def csv_rows(section, figure, scope):
    rows = [
        [section.title],
        [_("Period"), display(scope.months[0], "month"), display(scope.months[-1], "month")],
        [_("Towns"), ", ".join(town.name for town in scope.towns)],
    ]
    for table in figure.all_tables():
        rows += [[], [table.title], table.header()]
        kinds = [column.kind for column in table.columns]
        rows += [
            [csv_value(value, kind) for value, kind in zip(row, kinds, strict=True)]
            for row in table.rows
        ]
    return rows


def download(request, key):
    section = registry.section(key)
    if section is None:
        raise Http404
    form, scope = scope_for(request)
    if scope is None:
        return index(request)
    figure = section.compute(scope)
    name = f"kennzahlen-{key}-{scope.months[0]:%Y-%m}-bis-{scope.months[-1]:%Y-%m}"
    return spreadsheets.csv_response(name, csv_rows(section, figure, scope))
