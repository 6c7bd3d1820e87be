"""Django's PostgreSQL backend, whose health check asks the server only when the connection's
socket says something happened.

With ``CONN_HEALTH_CHECKS``, Django sends ``SELECT 1`` before the first query of every request
that reuses a connection, so that a connection the server has closed (a restart, a failover,
``pg_terminate_backend``, an idle timeout) is replaced instead of failing the request. That was
a round trip to the database for every request, most of the cost of a stored answer's single
query. A server that closes a connection says so on its socket first (a final error message,
then end of file), and nothing else arrives on an idle connection that listens to nothing. So
the socket is polled, which costs no round trip: readable, the connection is checked with
``SELECT 1`` as before; quiet, it is used as it is, as urllib3 decides whether a pooled HTTP
connection was dropped. A server that vanishes without closing (a host powered off) is noticed
by neither check until the network gives up."""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed:
            return False
        # Only an idle connection is judged by its socket: one left in a transaction, or in a
        # failed one, is asked, as before.
        if connection.info.transaction_status != TransactionStatus.IDLE:
            return super().is_usable()
        try:
            poller = select.poll()
            poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
            quiet = not poller.poll(0)
        except (OSError, ValueError):
            quiet = False
        return quiet or super().is_usable()
