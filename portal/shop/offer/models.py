"""Oscar's offer models, unchanged: the fork exists for ``applicator.py``."""

from oscar.apps.offer.models import *  # noqa: F403
