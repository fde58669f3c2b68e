"""Let Wagtail's editors and moderators run the voucher programme."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Editors", "Moderators")
PERMISSIONS = {
    "voucherprogramme": ("add", "change", "view"),
    "acceptingmerchant": ("add", "change", "delete", "view"),
    "voucher": ("view",),
    "employer": ("add", "change", "view"),
    "employerorder": ("view",),
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("cityvouchers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions]
    permissions = Permission.objects.filter(
        content_type__app_label="cityvouchers", codename__in=codenames
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("cityvouchers", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
