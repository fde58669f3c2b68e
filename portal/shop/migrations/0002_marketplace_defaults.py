"""Rows every marketplace needs (see ``portal.shop.defaults``)."""

from django.db import migrations


def create_defaults(apps, schema_editor):
    from portal.shop.defaults import create_defaults

    create_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0001_initial"),
        ("catalogue", "0033_marketplace_product_fields"),
        ("address", "0007_useraddress_code"),
        ("communication", "0004_auto_20200801_0817"),
    ]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
