"""Every public form renders its fields through one template (portal/forms.py)."""

from django import forms
from django.conf import settings

from portal.forms import PortalFormRenderer


class ExampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="Wie auf dem Klingelschild.")
    kind = forms.ChoiceField(
        label="Art", choices=[("a", "Idee"), ("b", "Hinweis")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="Ich stimme zu.")
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def test_the_portal_renderer_is_the_form_renderer_of_the_site():
    assert settings.FORM_RENDERER == "portal.forms.PortalFormRenderer"
    assert isinstance(ExampleForm().renderer, PortalFormRenderer)


def test_a_field_with_an_error_announces_it_and_links_help_and_error_to_the_input():
    form = ExampleForm(data={"kind": "a", "agree": "on"})

    html = form["name"].as_field_group()

    assert '<label for="id_name">Name</label>' in html
    assert '<span class="helptext" id="id_name_helptext">Wie auf dem Klingelschild.</span>' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html
    assert '<div role="alert"><ul class="errorlist" id="id_name_error">' in html
    assert "form-field--error" in html


def test_choices_are_a_fieldset_with_a_legend_and_a_checkbox_stands_before_its_label():
    form = ExampleForm()

    choices = form["kind"].as_field_group()
    checkbox = form["agree"].as_field_group()

    assert '<fieldset class="choice-group"' in choices and "<legend>Art</legend>" in choices
    assert checkbox.index('type="checkbox"') < checkbox.index('<label for="id_agree">')
    assert "form-field--checkbox" in checkbox


def test_a_whole_form_shows_its_own_errors_as_an_alert_and_its_hidden_fields():
    form = ExampleForm(data={"name": "Erika", "kind": "a", "agree": "on"})
    form.is_valid()
    form.add_error(None, "Bitte versuchen Sie es später noch einmal.")

    html = str(form)

    assert '<div class="messages" role="alert">' in html
    assert "Bitte versuchen Sie es später noch einmal." in html
    assert 'type="hidden" name="token"' in html
    assert html.count('class="form-field') == 3
