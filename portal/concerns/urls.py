"""Open311 GeoReport v2 routes, mounted at ``/open311/v2/`` in ``portal/urls.py``."""

from django.urls import re_path

from portal.concerns import open311

FMT = r"\.(?P<fmt>json|xml)"

app_name = "open311"
urlpatterns = [
    re_path(rf"^services{FMT}$", open311.service_list, name="services"),
    re_path(rf"^services/(?P<code>[-\w]+){FMT}$", open311.service_detail, name="service"),
    re_path(rf"^requests{FMT}$", open311.request_list, name="requests"),
    re_path(rf"^requests/(?P<request_id>[-\w]+){FMT}$", open311.request_detail, name="request"),
    re_path(rf"^tokens/(?P<token>[-\w]+){FMT}$", open311.token_detail, name="token"),
    re_path(rf"^(?P<path>.*?){FMT}$", open311.not_found),
    re_path(r"^(?P<path>.*)$", open311.not_found),
]
