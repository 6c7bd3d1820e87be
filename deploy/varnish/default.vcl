# newsapi behind Varnish (Varnish 6 or 7, with the xkey module of Debian's varnish-modules).
#
# Public reads are kept as long as their Cache-Control says (s-maxage) and purged by key when a
# write commits: every answer the application wants kept names its objects in an xkey header
# (article-7 caption-12 image-9 publication-2, article-list), and the application sends
# "PURGE /" with the keys of what a write changed in xkey-purge (edge/backends.py). Anything
# signed in (a cookie, Authorization) and every write goes to the application untouched.
# While the application servers answer, an expired answer is served for 30 s at most while it
# is fetched again (stale-while-revalidate); while all of them are down, for as long as the
# answer's stale-if-error allows (a day by default).
#
# The backends, their health probe on /readyz, the director "app" and the addresses allowed to
# purge (acl purgers) are in backends.vcl, found on vcl_path: one file per deployment.
vcl 4.1;

import std;
import xkey;

include "backends.vcl";

sub vcl_recv {
    set req.backend_hint = app.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Only the application servers may purge."));
        }
        if (req.http.xkey-purge) {
            set req.http.purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.purged + " objects."));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # A signed-in reader's answers are their own (an editor reads drafts): never kept here.
    if (req.http.Authorization || req.http.Cookie) {
        return (pass);
    }
    # Stale answers: while the application is healthy, for stale-while-revalidate's 30 s (the
    # default of API_EDGE_STALE_WHILE_REVALIDATE); while it is down, for all of the grace.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 30s;
    }
    return (hash);
}

sub vcl_backend_response {
    # Only answers that name their objects are kept, since only those can be purged: errors,
    # redirects, the admin and the documentation are fetched every time.
    if (!beresp.http.xkey) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The TTL is s-maxage (Varnish reads it); the grace, how long an expired answer may still
    # be served while the application is down, is stale-if-error.
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, "^.*stale-if-error=([0-9]+).*$", "\1") + "s", 0s);
    }
    # Kept a while longer still, so that a client's If-None-Match can be answered 304 after a
    # conditional fetch.
    set beresp.keep = 1h;
}

sub vcl_deliver {
    # The keys are for the edge alone; Surrogate-Key stays, for a CDN in front and for people.
    unset resp.http.xkey;
    if (obj.uncacheable) {
        set resp.http.X-Edge-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "hit";
    } else {
        set resp.http.X-Edge-Cache = "miss";
    }
}
