"""How every form of the portal's public pages is rendered: one field template.

``FORM_RENDERER`` (settings) points here. Django's ``TemplatesSetting``
renderer loads form templates through the project's template engine, so
``templates/includes/form_field.html`` renders each field wherever a page
writes ``{{ field.as_field_group }}``, and ``templates/includes/form.html``
renders ``{{ form }}`` (non-field errors, hidden fields, then every field
through the same field template). Django's own widget templates come from
the ``django.forms`` app in ``INSTALLED_APPS``. The Wagtail admin and Oscar's
dashboard keep their own field templates.
"""

from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    form_template_name = "includes/form.html"
    field_template_name = "includes/form_field.html"
