"""Oscar's Django-admin registrations for the forked app (other admins refer to them)."""

from oscar.apps.basket.admin import *  # noqa: F403
