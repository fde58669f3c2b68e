"""Oscar's partner models, unchanged: the fork exists for ``strategy.py``."""

from oscar.apps.partner.models import *  # noqa: F403
