"""Create the portal's roles as groups with their permissions, in German.

A frozen copy of ``portal/roles/definitions.py`` at the time of writing
(migrations never import live code; a test compares the two). Wagtail's own
groups become roles: "Editors" is renamed "Redaktion" (keeping its members),
the members of "Moderators" join it and that group goes; the concerns'
"Office staff" becomes "Sachbearbeitung", and Oscar's group a German name.
Wagtail's default workflow and its task get German names, and every
approval task that Moderators or Editors handled is handled by the
Redaktion and the Administration, which may publish (approving publishes,
so an approver without publish permission was refused).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ACCESS_ADMIN = "wagtailadmin.access_admin"
IMAGES = ["add_image", "change_image", "choose_image", "delete_image"]
DOCUMENTS = ["add_document", "change_document", "choose_document", "delete_document"]
MEDIA = [f"wagtailimages.{c}" for c in IMAGES] + [f"wagtaildocs.{c}" for c in DOCUMENTS]


def _model(app_label, actions_by_model):
    return [
        f"{app_label}.{action}_{model}"
        for model, actions in actions_by_model.items()
        for action in actions
    ]


ROLES = {
    "Redaktion": {
        "permissions": [
            ACCESS_ADMIN,
            "roles.view_reports",
            *_model(
                "home",
                {
                    "newscategory": ["add", "change", "delete", "view"],
                    "portalsettings": ["change", "view"],
                    "navigationsettings": ["change", "view"],
                },
            ),
            *_model(
                "directory",
                {
                    "category": ["add", "change", "delete", "view"],
                    "paymentmethod": ["add", "change", "delete", "view"],
                    "region": ["add", "change", "delete", "view"],
                    "postcodearea": ["add", "change", "delete", "view"],
                    "merchantteam": ["change", "view"],
                    "claimrequest": ["change", "view"],
                    "importrun": ["add", "change", "view"],
                    "websitehelprequest": ["change", "view"],
                },
            ),
        ],
        "pages": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        "collections": MEDIA,
    },
    "Händler": {"permissions": [ACCESS_ADMIN]},
    "Kasse / Mitarbeitende": {"permissions": [ACCESS_ADMIN]},
    "Gutschein-Betreiber": {
        "permissions": [
            ACCESS_ADMIN,
            *_model(
                "cityvouchers",
                {
                    "voucherprogramme": ["add", "change", "view"],
                    "acceptingmerchant": ["add", "change", "delete", "view"],
                    "voucher": ["view"],
                    "employer": ["add", "change", "view"],
                    "employerorder": ["view"],
                    "settlementperiod": ["view"],
                    "merchantstatement": ["view"],
                },
            ),
        ],
    },
    "Sachbearbeitung": {"permissions": [ACCESS_ADMIN]},
    "Administration": {
        "everything": True,
        "pages": [
            "add_page",
            "change_page",
            "publish_page",
            "bulk_delete_page",
            "lock_page",
            "unlock_page",
        ],
        "collections": [
            *MEDIA,
            "wagtailcore.add_collection",
            "wagtailcore.change_collection",
            "wagtailcore.delete_collection",
        ],
    },
}

RENAMED = {
    "Editors": "Redaktion",
    "Office staff": "Sachbearbeitung",
    # Created by Oscar's customer app; only its name is changed.
    "All Oscar Dashboard Permissions": "Oscar-Dashboard: alle Rechte",
}
MERGED = {"Moderators": "Redaktion"}
WORKFLOW_NAMES = {"Moderators approval": "Freigabe durch die Redaktion"}
TASK_NAMES = {"Moderators approval": "Redaktion gibt frei"}


def _permissions(Permission, names):
    found = []
    for name in names:
        app_label, codename = name.split(".", 1)
        found.append(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return found


def _group(Group, name):
    group = Group.objects.filter(name=name).first()
    return group or Group.objects.create(name=name)


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")

    for old, new in RENAMED.items():
        group = Group.objects.filter(name=old).first()
        if group is not None and not Group.objects.filter(name=new).exists():
            group.name = new
            group.save()
    for old, new in MERGED.items():
        group = Group.objects.filter(name=old).first()
        if group is None:
            continue
        target = _group(Group, new)
        target.user_set.add(*group.user_set.all())
        for task in GroupApprovalTask.objects.filter(groups=group):
            task.groups.add(target)
        group.delete()
    for task in GroupApprovalTask.objects.all():
        if not task.groups.exists() or task.groups.filter(name="Redaktion").exists():
            task.groups.add(_group(Group, "Redaktion"), _group(Group, "Administration"))

    roots = list(Page.objects.filter(depth=1))
    root_collection = Collection.objects.filter(depth=1).first()
    for name, role in ROLES.items():
        group = _group(Group, name)
        if role.get("everything"):
            group.permissions.set(Permission.objects.all())
        else:
            group.permissions.set(_permissions(Permission, role["permissions"]))
        GroupPagePermission.objects.filter(group=group).delete()
        page_permissions = Permission.objects.filter(
            content_type__app_label="wagtailcore",
            content_type__model="page",
            codename__in=role.get("pages", []),
        )
        for root in roots:
            for permission in page_permissions:
                GroupPagePermission.objects.create(group=group, page=root, permission=permission)
        GroupCollectionPermission.objects.filter(group=group).delete()
        if root_collection is not None:
            for permission in _permissions(Permission, role.get("collections", [])):
                GroupCollectionPermission.objects.create(
                    group=group, collection=root_collection, permission=permission
                )

    for old, new in WORKFLOW_NAMES.items():
        Workflow.objects.filter(name=old).update(name=new)
    for old, new in TASK_NAMES.items():
        Task.objects.filter(name=old).update(name=new)


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        ("home", "0001_initial"),
        ("directory", "0005_team_staff_and_invitations"),
        ("concerns", "0003_topic_sort_order_label"),
        ("shop", "0004_view_all_shops_permission"),
        ("cityvouchers", "0003_sold_in_the_shop"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
