"""The smallest WSGI app: the baseline the portal's throughput is compared with."""


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]
