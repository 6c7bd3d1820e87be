# newsapi behind Varnish (Varnish 6 or 7, with the xkey module of Debian's varnish-modules).
#
# Public reads are kept as long as their Cache-Control says (s-maxage) and purged by key when a
# write commits: every answer the application wants kept names its objects in an xkey header
# (article-7 caption-12 image-9 publication-2, article-list), and the application sends either
# "PURGE /" with the keys of what a write changed in xkey-purge (the default, the xkey module),
# or "BAN /" with them in xkey-ban (a ban on obj.http.xkey: EDGE_VARNISH_METHOD=ban;
# edge/backends.py). Anything signed in (a cookie, Authorization) and every write goes to the
# application untouched.
#
# Grace is not written here: each answer says it in its Cache-Control, from the application's
# settings (API_EDGE_STALE_WHILE_REVALIDATE, API_EDGE_STALE_IF_ERROR; README, "Varnish in
# front"). While the application servers answer, an expired answer is served while it is fetched
# again for its stale-while-revalidate, and fetched before answering after that; while all of
# them are down, it is served for its stale-if-error.
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
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Only the application servers may ban."));
        }
        # Keys are words of letters, digits and "-_.", separated by spaces: nothing that could
        # change the meaning of the ban's regular expression.
        if (req.http.xkey-ban !~ "^[A-Za-z0-9_.-]+( [A-Za-z0-9_.-]+)*$") {
            return (synth(400, "BAN needs the keys in xkey-ban, separated by spaces."));
        }
        # On obj. only, so that the ban lurker can apply it in the background. The expression
        # has no spaces and no quotes: Varnish 7.1 takes them literally in ban()'s string.
        ban("obj.http.xkey ~ (^|[[:space:],])(" + regsuball(req.http.xkey-ban, " ", "|") +
            ")([[:space:],]|$)");
        return (synth(200, "Banned."));
    }
    # Set only by vcl_hit below, for its restart: never taken from a client.
    if (req.restarts == 0) {
        unset req.http.edge-fetch-now;
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # A signed-in reader's answers are their own (an editor reads drafts): never kept here.
    if (req.http.Authorization || req.http.Cookie) {
        return (pass);
    }
    if (req.http.edge-fetch-now) {
        set req.grace = 0s;
    }
    return (hash);
}

sub vcl_hit {
    # An expired answer is in grace for its stale-if-error (vcl_backend_response). While the
    # application answers it is served only within its stale-while-revalidate (and fetched again
    # in the background); past that, the lookup is made again without grace, which fetches it
    # now. Its own Cache-Control says how long, so no figure is written here.
    if (obj.ttl <= 0s && std.healthy(req.backend_hint)) {
        if (obj.http.Cache-Control !~ "stale-while-revalidate=[0-9]+" ||
            obj.ttl + std.duration(regsub(obj.http.Cache-Control,
                "^.*stale-while-revalidate=([0-9]+).*$", "\1") + "s", 0s) <= 0s) {
            set req.http.edge-fetch-now = "1";
            return (restart);
        }
    }
}

sub vcl_backend_response {
    # Only answers that name their objects are kept, since only those can be purged: errors,
    # redirects, the admin and the documentation are fetched every time.
    if (!beresp.http.xkey) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The TTL is s-maxage and the grace stale-while-revalidate (Varnish reads both); the grace
    # is made stale-if-error where that is longer, how long an expired answer may still be
    # served while the application is down (vcl_hit keeps it to stale-while-revalidate while
    # the application answers).
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+" &&
        std.duration(regsub(beresp.http.Cache-Control, "^.*stale-if-error=([0-9]+).*$", "\1")
            + "s", 0s) > beresp.grace) {
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
