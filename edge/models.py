"""What the edge still has to purge: purges that failed when their write committed, kept until
``manage.py edge_purge --drain`` (or a later write) gets them through."""

from __future__ import annotations

from django.db import models


class PendingPurge(models.Model):
    """Keys one purge backend could not purge when the write committed."""

    backend = models.CharField(max_length=50, help_text="The name of the backend in EDGE_CACHE.")
    keys = models.TextField(help_text="The surrogate keys to purge, separated by spaces.")
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"purge of {len(self.keys.split())} keys on {self.backend}"
