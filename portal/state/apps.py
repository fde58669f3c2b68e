from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Page types of the lower apps that may also live on a state portal's home page.
# They are widened here, so those apps never name the state portal.
CHILDREN_OF_STATE_HOME = [
    "directory.InitiativeIndexPage",
    "home.NewsIndexPage",
    "home.EventIndexPage",
    "home.ContentPage",
]


class StateConfig(AppConfig):
    """The state portal: its site, the state-wide initiatives directory and map,
    initiatives' self-registration and its moderation."""

    name = "portal.state"
    label = "state"
    verbose_name = _("State portal")

    def ready(self):
        from django.apps import apps

        for label in CHILDREN_OF_STATE_HOME:
            model = apps.get_model(label)
            if "state.StateHomePage" not in model.parent_page_types:
                model.parent_page_types = [*model.parent_page_types, "state.StateHomePage"]
