"""Who may read and write what, in Django's model permissions, so that the admin and the API
agree: editors (the "Editors" group) write and read everything, drafts included; everyone else
reads what is published.

Writes are checked by ``ModelPermissionsOrAnonReadOnly`` (the default of the settings):
``POST`` needs ``add``, ``PUT`` and ``PATCH`` ``change``, ``DELETE`` ``delete`` on the model."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from rest_framework import permissions
from rest_framework.exceptions import PermissionDenied

# What writing an article's captions in the same request takes: the admin's caption inline
# asks the same of the caption model, and a caption without an image makes one.
NESTED_CAPTION_PERMISSIONS = (
    "articles.add_caption",
    "articles.change_caption",
    "articles.delete_caption",
    "articles.add_image",
    "articles.change_image",
)


def sees_unpublished(user: AbstractBaseUser | AnonymousUser | None, model) -> bool:
    """Whether ``user`` reads every object of ``model``, unpublished ones included: accounts
    that may change them (editors). The public, and accounts without that permission, read what
    is published and due."""
    permission = f"{model._meta.app_label}.change_{model._meta.model_name}"
    return bool(user and user.is_authenticated and user.has_perm(permission))


def may_write_content(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Whether ``user`` may write any of the news content (add, change or delete anything of
    the ``articles`` app): who an API token is for."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return any(
        permission.startswith("articles.")
        and permission.split(".", 1)[1].split("_", 1)[0] in {"add", "change", "delete"}
        for permission in user.get_all_permissions()
    )


def require_nested_caption_permissions(user) -> None:
    """Writing an article's captions with it takes the caption and image permissions too."""
    missing = [name for name in NESTED_CAPTION_PERMISSIONS if not user.has_perm(name)]
    if missing:
        raise PermissionDenied(
            "Writing captions needs the permissions to add, change and delete captions and to "
            f"add and change images; this account lacks {', '.join(missing)}."
        )


class ModelPermissionsOrAnonReadOnly(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """DRF's model permissions, which learn the model from the view's ``queryset`` attribute:
    DRF builds the view's whole queryset (``get_queryset()``) for that, on every request."""

    def _queryset(self, view):
        queryset = getattr(view, "queryset", None)
        return queryset if queryset is not None else super()._queryset(view)


class ContentWriters(permissions.BasePermission):
    """Accounts that may write the news content (see ``may_write_content``)."""

    message = "Only editors have API tokens: reading needs none."

    def has_permission(self, request, view) -> bool:
        return may_write_content(request.user)


class ChangersOnly(permissions.BasePermission):
    """Objects only editors read, such as an article's versions: the client must be allowed to
    change the object. Checked on the object, after it is found among those the client sees, so
    that an unpublished article is a 404 to the public like everywhere else, and a published one
    401 (anonymous) or 403."""

    message = "Only editors may read this."

    def has_object_permission(self, request, view, obj) -> bool:
        return sees_unpublished(request.user, type(obj))
