"""The roles are plain auth groups; this proxy only carries the permissions no model has."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(Group):
    class Meta:
        proxy = True
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        default_permissions = ()
        permissions = [
            ("view_reports", _("Can see the admin reports (site history, workflows)")),
        ]


class TownRole(models.Model):
    """A group confined to one town: its page rights start at the town's home page
    and the admin areas shared by all towns show its members only that town's rows.

    Groups without a ``TownRole`` (the installation's own roles) reach every town.
    """

    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="town_role"
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("town"),
        on_delete=models.CASCADE,
        related_name="town_roles",
    )
    role = models.CharField(_("role"), max_length=80)

    class Meta:
        verbose_name = _("town role")
        verbose_name_plural = _("town roles")
        constraints = [
            models.UniqueConstraint(fields=["site", "role"], name="roles_one_group_per_town_role")
        ]

    def __str__(self):
        return f"{self.role} ({self.site.site_name})"
