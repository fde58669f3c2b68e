"""``{% permit_feature "camera" %}``: the page needs a browser feature the portal denies by default.

Sets ``request.permitted_features``; ``portal.headers.SecurityHeadersMiddleware``
turns it into the page's Permissions-Policy. Written next to the script that
uses the feature, so the permission travels with the need.
"""

from django import template

from portal.headers import FEATURES

register = template.Library()


@register.simple_tag(takes_context=True)
def permit_feature(context, feature):
    if feature not in FEATURES:
        raise template.TemplateSyntaxError(f"Unknown browser feature: {feature}")
    request = context.get("request")
    if request is not None:
        request.permitted_features = {*getattr(request, "permitted_features", ()), feature}
    return ""
