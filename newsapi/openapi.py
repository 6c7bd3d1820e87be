"""The project's OpenAPI schema class: drf-spectacular's, knowing our default permission.

drf-spectacular marks an operation as open to anonymous clients (an empty security requirement,
``{}``) only for ``AllowAny`` and ``IsAuthenticatedOrReadOnly``. Our default,
``DjangoModelPermissionsOrAnonReadOnly``, lets anyone read too; without ``{}`` the schema would
claim that every read needs a session, and clients and schema-driven tests would believe it."""

from __future__ import annotations

from drf_spectacular import openapi
from rest_framework import permissions


class AutoSchema(openapi.AutoSchema):
    def get_auth(self) -> list[dict]:
        auths = super().get_auth()
        anonymous_reads = any(
            isinstance(permission, permissions.DjangoModelPermissionsOrAnonReadOnly)
            for permission in self.view.get_permissions()
        )
        if anonymous_reads and self.method in permissions.SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths
