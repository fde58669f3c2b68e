"""The Redaktion creates and edits the town's coupon campaigns.

A frozen copy of what ``portal/roles/definitions.py`` adds for campaigns
(migrations never import live code; ``tests/roles/test_roles.py`` compares).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_couponcampaign", "change_couponcampaign", "delete_couponcampaign", "view_couponcampaign"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("cityvouchers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="cityvouchers", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name="Redaktion"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0003_coupon_permissions"),
        ("cityvouchers", "0005_coupon_campaigns"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
