"""The project's OpenAPI schema class: drf-spectacular's, knowing our default permission.

drf-spectacular marks an operation as open to anonymous clients (an empty security requirement,
``{}``) only for ``AllowAny`` and ``IsAuthenticatedOrReadOnly``. Our default,
``DjangoModelPermissionsOrAnonReadOnly``, lets anyone read too; without ``{}`` the schema would
claim that every read needs a session, and clients and schema-driven tests would believe it.
Reads that only editors may make (``ChangersOnly``: an article's versions) stay without it."""

from __future__ import annotations

from drf_spectacular import openapi
from rest_framework import permissions

from newsapi.http.permissions import ChangersOnly


class AutoSchema(openapi.AutoSchema):
    def get_auth(self) -> list[dict]:
        auths = super().get_auth()
        view_permissions = self.view.get_permissions()
        anonymous_reads = any(
            isinstance(permission, permissions.DjangoModelPermissionsOrAnonReadOnly)
            for permission in view_permissions
        ) and not any(isinstance(permission, ChangersOnly) for permission in view_permissions)
        if anonymous_reads and self.method in permissions.SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths
