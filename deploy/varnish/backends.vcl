# The application servers of one deployment, for default.vcl: here one gunicorn on this
# machine (make edge). List every server, add each to the director, and allow each to purge.

probe readyz {
    # /readyz checks the database and the cache; the Host must be in ALLOWED_HOSTS.
    .request = "GET /readyz HTTP/1.1"
               "Host: 127.0.0.1"
               "Connection: close"
               "User-Agent: varnish-probe";
    .interval = 1s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
}

# gunicorn's synchronous workers close every connection, so each miss opens one: connect_timeout
# is short, the servers being near. (Threaded ones keep them, GUNICORN_WORKER_CLASS=gthread.)
# The first byte may take as long as gunicorn lets a request run (GUNICORN_TIMEOUT, 30 s). No .max_connections:
# past it Varnish 7.1 fails the fetch at once (503) instead of waiting, while gunicorn queues
# what its workers cannot take yet.
backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = readyz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

# The addresses a PURGE is taken from: the application servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

import directors;

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
}
