"""Editors see every concern and manage offices and topics; office staff reach the admin.

Permissions are created here (not left to post_migrate) so that they can be
given to the groups in the same run, as Wagtail's own migrations do.
"""

from django.db import migrations

EDITOR_PERMISSIONS = {
    "concern": ["view_all_concerns"],
    "office": ["add_office", "change_office", "delete_office", "view_office"],
    "topic": ["add_topic", "change_topic", "delete_topic", "view_topic"],
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = []
    for model, codenames in EDITOR_PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="concerns", model=model)
        for codename in codenames:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": codename.replace("_", " ").capitalize()},
            )
            permissions.append(permission)
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.add(*permissions)
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    office_staff, _ = Group.objects.get_or_create(name="Office staff")
    office_staff.permissions.add(access_admin)


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
