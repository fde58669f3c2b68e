"""Template helpers of the directory: JSON-LD output (the one ``ld_json`` of the home app)."""

from django import template

from portal.home.templatetags.portal_tags import ld_json

register = template.Library()
register.simple_tag(ld_json)
