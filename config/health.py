"""Health endpoints for load balancers and orchestrators.

``GET /healthz``: the process is up and answers (no database, no cache): restart it if not.
``GET /readyz``: it can serve: every database and the cache answer. ``503`` with the reason
otherwise (``"cache: unreachable"``): send it no traffic until it is ready again. Neither is
authenticated, throttled or cached."""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.db import connections
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from newsapi.http.errors import PROBLEM_CONTENT_TYPE, problem

logger = logging.getLogger(__name__)

OK = "ok"
UNREACHABLE = "unreachable"
NO_STORE = {"Cache-Control": "no-store"}


def database_status(alias: str) -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "not ready", never a 500
        logger.warning("readiness: database %s unreachable: %s", alias, error)
        return UNREACHABLE
    return OK


def cache_status() -> str:
    ping = getattr(cache, "ping", None)
    if ping is not None:
        reachable = ping()
    else:  # a backend without ping(): a round trip
        probe = uuid.uuid4().hex
        cache.set("readyz:probe", probe, timeout=10)
        reachable = cache.get("readyz:probe") == probe
    if not reachable:
        logger.warning("readiness: cache unreachable")
    return OK if reachable else UNREACHABLE


class HealthView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    @extend_schema(
        summary="Liveness",
        description="Answers 200 as long as the process is up; it checks no database or cache.",
        tags=["health"],
        responses={
            200: OpenApiResponse(
                inline_serializer("Health", {"status": serializers.CharField()}),
                description="The process is up.",
                examples=[OpenApiExample("Up", value={"status": "ok"})],
            )
        },
    )
    def get(self, request: Request) -> Response:
        return Response({"status": OK}, headers=NO_STORE)


CHECKS = inline_serializer(
    "ReadinessChecks",
    {
        "database": serializers.CharField(help_text="`ok` or `unreachable`."),
        "cache": serializers.CharField(help_text="`ok` or `unreachable`."),
    },
)


class ReadinessView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    @extend_schema(
        summary="Readiness",
        description=(
            "200 when every database (the primary and, if configured, the read replica) and the "
            "cache answer; 503 naming what does not. A load balancer sends traffic only to "
            "servers that are ready."
        ),
        tags=["health"],
        responses={
            200: OpenApiResponse(
                inline_serializer(
                    "Readiness", {"status": serializers.CharField(), "checks": CHECKS}
                ),
                description="Ready to serve.",
                examples=[
                    OpenApiExample(
                        "Ready",
                        value={"status": "ready", "checks": {"database": OK, "cache": OK}},
                        status_codes=[200],
                    )
                ],
            ),
            (503, PROBLEM_CONTENT_TYPE): OpenApiResponse(
                inline_serializer(
                    "NotReady",
                    {
                        "type": serializers.CharField(),
                        "title": serializers.CharField(),
                        "status": serializers.IntegerField(),
                        "detail": serializers.CharField(),
                        "checks": CHECKS,
                    },
                ),
                description="A database or the cache cannot be reached; `detail` names it.",
                examples=[
                    OpenApiExample(
                        "Cache down",
                        value={
                            "type": "about:blank",
                            "title": "Service Unavailable",
                            "status": 503,
                            "detail": "cache: unreachable",
                            "checks": {"database": OK, "cache": UNREACHABLE},
                        },
                        status_codes=[503],
                    )
                ],
            ),
        },
    )
    def get(self, request: Request) -> Response:
        checks = {}
        for alias in connections:
            name = "database" if alias == "default" else f"database_{alias}"
            checks[name] = database_status(alias)
        checks["cache"] = cache_status()
        failing = [f"{name}: {status}" for name, status in checks.items() if status != OK]
        if not failing:
            return Response({"status": "ready", "checks": checks}, headers=NO_STORE)
        return Response(
            problem(503, "; ".join(failing), checks=checks),
            status=503,
            headers=NO_STORE,
            content_type=PROBLEM_CONTENT_TYPE,
        )
