"""Models of the concerns app, split by concept."""

from .concerns import (
    CLOSED_STATUSES,
    LISTED,
    OPEN_STATUSES,
    Concern,
    ConcernEvent,
    ConcernQuerySet,
    EventAction,
    Kind,
    Source,
    Status,
    TrackingCounter,
)
from .offices import Office, Open311ApiKey, Topic
from .pages import ConcernIndexPage

__all__ = [
    "CLOSED_STATUSES",
    "LISTED",
    "OPEN_STATUSES",
    "Concern",
    "ConcernEvent",
    "ConcernIndexPage",
    "ConcernQuerySet",
    "EventAction",
    "Kind",
    "Office",
    "Open311ApiKey",
    "Source",
    "Status",
    "Topic",
    "TrackingCounter",
]
