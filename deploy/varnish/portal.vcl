vcl 4.1;
# Varnish in front of the portal's app servers (docs/operations.md, "Production").
#
# Anonymous pages are cached as the portal marks them (Cache-Control: public,
# s-maxage=N; portal/pagecache.py); everything else passes through. A request
# is anonymous when it carries no cookie but the CSRF cookie and no
# Authorization header: the same rule as the portal's own page cache.
# The portal purges what a change affects through Wagtail's frontend cache
# invalidation (VARNISH_URL): PURGE of a URL drops every cached variant of its
# path (all query strings), BAN drops every page of the Host.
#
# Adapt: the backend (HAProxy in front of the app servers, or one app server)
# and the purgers' addresses.

backend portal {
    .host = "127.0.0.1";
    .port = "8080";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .probe = {
        .request =
            "GET /health/ HTTP/1.1"
            "Host: 127.0.0.1"
            "X-Forwarded-Proto: https"
            "Connection: close";
        .interval = 5s;
        .timeout = 2s;
        .window = 5;
        .threshold = 3;
        # Healthy from the start: the first probe comes only after .interval.
        .initial = 3;
    }
}

# Who may purge: the app servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        ban("obj.http.x-host == " + req.http.host + " && obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        ban("obj.http.x-host == " + req.http.host);
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie) {
        # Every cookie but the CSRF cookie makes the request personal; a personal
        # request keeps all its cookies (the CSRF cookie included) and passes.
        set req.http.x-other-cookies = regsuball(req.http.Cookie, "(^|;\s*)csrftoken=[^;]*", "");
        if (req.http.x-other-cookies ~ "[^;\s]") {
            unset req.http.x-other-cookies;
            return (pass);
        }
        unset req.http.x-other-cookies;
        unset req.http.Cookie;
    }
    # The portal speaks one language: pages do not vary by Accept-Language.
    unset req.http.Accept-Language;
    return (hash);
}

sub vcl_hash {
    # http and https are different pages (the portal redirects plain http).
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # Kept on the object so that PURGE and BAN can find it (lurker-friendly bans).
    set beresp.http.x-host = bereq.http.host;
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");
    if (beresp.http.Cache-Control !~ "public" || beresp.http.Set-Cookie) {
        # Not shared: never stored, and requests for it are not queued behind each other.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}

sub vcl_deliver {
    unset resp.http.x-host;
    unset resp.http.x-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
