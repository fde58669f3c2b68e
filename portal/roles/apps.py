from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    """The portal's roles (auth groups by data migration) and the admin's report guard."""

    name = "portal.roles"
    label = "roles"
    verbose_name = _("Roles")

    def ready(self):
        from portal.roles.services import complete_administration

        # Every app creates its permissions after migrating; Administration gets them all.
        post_migrate.connect(complete_administration, dispatch_uid="roles.complete_administration")
