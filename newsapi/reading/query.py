"""``?fields=`` and ``?expand=``: which fields a client wants, parsed by pure functions with
their own error type, and applied to a serializer before it reads anything.

Sparse fields prune the serializer rather than its output, so that what nobody asked for (a
body, every caption) is never computed."""

from __future__ import annotations

import re

from rest_framework import serializers

FIELDS_PARAMETER = "fields"
EXPAND_PARAMETER = "expand"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

# {"id": {}, "captions": {"credit": {}}}: an empty dict means the whole field.
FieldTree = dict[str, "FieldTree"]


class QueryParameterError(ValueError):
    """A value of a query parameter that cannot be used, with the parameter's name."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(reason)
        self.name = name
        self.reason = reason


def parse_fields(raw: str) -> FieldTree:
    """``"id,title,captions.credit"`` -> ``{"id": {}, "title": {}, "captions": {"credit": {}}}``.

    A field named whole wins over parts of it: ``captions,captions.credit`` is all of captions.
    """
    paths = [part.strip() for part in raw.split(",")]
    for path in paths:
        if not path or not all(_NAME.match(name) for name in path.split(".")):
            raise QueryParameterError(
                FIELDS_PARAMETER,
                f"“{path}” is not a field name: use names like id or captions.credit, "
                "separated by commas.",
            )
    tree: FieldTree = {}
    whole: set[tuple[str, ...]] = set()
    for path in sorted(paths, key=lambda path: path.count(".")):
        names = tuple(path.split("."))
        if any(names[:depth] in whole for depth in range(1, len(names))):
            continue
        whole.add(names)
        node = tree
        for name in names:
            node = node.setdefault(name, {})
    return tree


def parse_expand(raw: str, allowed: tuple[str, ...]) -> set[str]:
    """``"captions,body"`` -> ``{"captions", "body"}``, each one of ``allowed``."""
    names = {part.strip() for part in raw.split(",")}
    unknown = sorted(names - set(allowed))
    if unknown:
        choices = ", ".join(allowed) if allowed else "nothing here"
        raise QueryParameterError(
            EXPAND_PARAMETER, f"Cannot expand “{unknown[0]}”: the choices are {choices}."
        )
    return names


def _fields_of(serializer: serializers.BaseSerializer):
    if isinstance(serializer, serializers.ListSerializer):
        serializer = serializer.child
    return serializer.fields if isinstance(serializer, serializers.Serializer) else None


def fields_prune(serializer: serializers.BaseSerializer, tree: FieldTree, where: str = "") -> None:
    """Keep only the fields in ``tree``; a name the serializer does not have is an error that
    lists the ones it has."""
    fields = _fields_of(serializer)
    if fields is None:
        raise QueryParameterError(
            FIELDS_PARAMETER, f"“{where.rstrip('.')}” has no fields to choose from."
        )
    unknown = sorted(set(tree) - set(fields))
    if unknown:
        raise QueryParameterError(
            FIELDS_PARAMETER,
            f"Unknown field “{where}{unknown[0]}”: choose from {', '.join(fields)}.",
        )
    for name in list(fields):
        if name not in tree:
            fields.pop(name)
        elif tree[name]:
            fields_prune(fields[name], tree[name], f"{where}{name}.")
