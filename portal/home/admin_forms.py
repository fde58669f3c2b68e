"""Admin forms: the base form of every portal page, and the login form."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.auth import LoginForm


class PortalPageForm(WagtailAdminPageForm):
    """Lets the slug be left empty: the page then derives it from the title
    in German spelling (see ``BasePage._set_core_field_defaults``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields.get("slug")
        if slug is not None:
            slug.required = False
            slug.help_text = _(
                "The name of the page in its web address. Left empty, it is made from the "
                "title (ä becomes ae, ß becomes ss)."
            )


class AdminLoginForm(LoginForm):
    """Wagtail's login form with the password field labelled in German."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
