"""Admin list columns that show values in German instead of Python's spelling.

Wagtail's listings print a boolean field named in ``list_display`` as
"True"/"False" (and ``BooleanColumn`` titles its icons so); ``yes_no`` shows
"ja"/"nein" under the field's verbose name. ``PortalInspectView`` does the
same for inspect views, where Wagtail prints an empty value as "None".
"""

from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import InspectView


class YesNoColumn(Column):
    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return "–"
        return gettext("yes") if value else gettext("no")


def yes_no(model, name):
    """A ``list_display`` entry for the boolean field ``name`` of ``model``."""
    field = model._meta.get_field(name)
    return YesNoColumn(name, label=capfirst(field.verbose_name), sort_key=name)


class PortalInspectView(InspectView):
    """Wagtail's inspect view, showing an empty value as "–" and a boolean as ja/nein
    instead of Python's "None", "True" and "False"."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return "–"
        if isinstance(value, bool):
            return gettext("yes") if value else gettext("no")
        return value
