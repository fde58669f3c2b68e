"""Admin areas shared by all towns, confined to a town for its own groups.

``TownScopedViewSet`` is mixed into a Wagtail model or snippet viewset: every
view it builds (list, edit, delete, inspect, history...) reads its rows
through ``for_towns_of``, so a town editor or voucher operator neither sees
nor opens another town's rows (another town's object answers 404), and a
form's choice of town (``site``) or of a page (``merchant``) offers only the
user's towns. ``town_field`` names the lookup from the model to its ``Site``,
or ``"page:<field>"`` for a page whose place in a town's tree decides.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from portal.towns import town_sites

from .services import for_towns_of, reaches_every_town, town_ids_of


def town_scoped(view_class, town_field):
    """``view_class`` reading only the rows of the requesting user's towns."""

    if town_field.startswith("page:"):  # the page chosen in the form must be in the town
        choice_name, choice_field = town_field.removeprefix("page:"), "page:"
    else:  # the town itself is chosen
        choice_name, choice_field = "site", "pk"

    class TownScoped(view_class):
        def get_queryset(self):
            return for_towns_of(super().get_queryset(), self.request.user, town_field)

        def get_object(self, *args, **kwargs):
            """Views that load their object without ``get_queryset`` (inspect, copy) too."""
            found = super().get_object(*args, **kwargs)
            user = self.request.user
            if found is not None and town_ids_of(user) is not None:
                mine = for_towns_of(
                    self.model._default_manager.filter(pk=found.pk), user, town_field
                )
                if not mine.exists():
                    raise Http404
            return found

        def get_form(self, *args, **kwargs):
            form = super().get_form(*args, **kwargs)
            choice = form.fields.get(choice_name)
            if choice is not None:
                choice.queryset = for_towns_of(choice.queryset, self.request.user, choice_field)
                if choice_field == "pk":  # a state portal is no town to choose
                    choice.queryset = choice.queryset.filter(pk__in=town_sites())
            return form

    for method in ("get_form", "get_object"):
        if not hasattr(view_class, method):
            delattr(TownScoped, method)
    TownScoped.__name__ = TownScoped.__qualname__ = view_class.__name__
    return TownScoped


class TownScopedViewSet:
    town_field = "site"

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(town_scoped(view_class, self.town_field), **kwargs)


def installation_only(view_class):
    """``view_class`` refused to users confined to some towns (rows that span every town)."""

    class InstallationOnly(view_class):
        def dispatch(self, request, *args, **kwargs):
            if request.user.is_authenticated and not reaches_every_town(request.user):
                raise PermissionDenied
            return super().dispatch(request, *args, **kwargs)

    InstallationOnly.__name__ = InstallationOnly.__qualname__ = view_class.__name__
    return InstallationOnly


class InstallationOnlyViewSet:
    """For admin areas whose rows belong to no single town (employers, coupon books):
    the installation's own groups only."""

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(installation_only(view_class), **kwargs)
