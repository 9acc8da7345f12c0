"""Model fields more than one capability may need."""

from typing import Any

from django.db import models


class ByteOrderCharField(models.CharField):
    """A text column compared character by character, by code point, on every database:
    COLLATE "C" on PostgreSQL (whatever the database's own collation), SQLite's BINARY
    (its default) elsewhere. For a column that is an order key (orgs.Organization.sort_key):
    `ORDER BY` the column, a B-tree index on it and `column > cursor` all compare the same
    way, so a page by key (core.lists.keyset_key) walks the index, and a key made of
    fixed-width parts sorts by them part by part (a locale's collation skips spaces and
    punctuation at first). members.models.ByteOrder does the same for a column in an
    expression index."""

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


def columns_but(instance: models.Model, kept: set[str]) -> list[str]:
    """Every column of `instance` but its key and `kept`: the update_fields of a full save
    of a row read earlier, leaving alone the copies other writes keep (a person's union
    path, an enterprise's has_union), which the instance may hold stale."""
    return [
        f.attname
        for f in instance._meta.concrete_fields
        if not f.primary_key and f.attname not in kept
    ]
