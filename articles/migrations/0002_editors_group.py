"""The "Editors" group: what a newsroom editor may do, in the admin and through the API alike.

Editors add, change and delete articles, captions, images and publications, and look at the
tombstones and import runs; they get no permission on users or groups, which superusers manage.
"""

from django.db import migrations

EDITORS_GROUP = "Editors"
EDITOR_PERMISSIONS = {
    "article": ["add", "change", "delete", "view"],
    "caption": ["add", "change", "delete", "view"],
    "image": ["add", "change", "delete", "view"],
    "publication": ["add", "change", "delete", "view"],
    "articletombstone": ["view"],
    "importrun": ["view"],
}


def create_editors_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after `migrate` finishes (post_migrate); on a fresh
    # database they do not exist yet when this migration runs, so create them now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    codenames = [
        f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions
    ]
    permissions = Permission.objects.filter(
        content_type__app_label="articles", codename__in=codenames
    )
    group.permissions.add(*permissions)


def delete_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, delete_editors_group)]
