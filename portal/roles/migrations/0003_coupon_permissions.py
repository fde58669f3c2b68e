"""The Redaktion approves coupons; the voucher operator approves them and composes coupon books.

A frozen copy of what ``portal/roles/definitions.py`` adds for coupons
(migrations never import live code; ``tests/roles/test_roles.py`` compares).
It lives here, not in the voucher app, so that it runs after every app whose
groups ``0002_role_groups`` renames.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Redaktion": {"coupon": ("change", "view")},
    "Gutschein-Betreiber": {
        "coupon": ("change", "view"),
        "couponbook": ("add", "change", "view"),
    },
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("cityvouchers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, by_model in GRANTS.items():
        codenames = [f"{action}_{model}" for model, actions in by_model.items() for action in actions]
        permissions = Permission.objects.filter(
            content_type__app_label="cityvouchers", codename__in=codenames
        )
        for group in Group.objects.filter(name=name):
            group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0002_role_groups"),
        ("cityvouchers", "0004_coupons"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
