"""Editors maintain synonyms in the admin; a search applies them at once."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.home.factories import UserFactory
from portal.sitesearch.models import Synonym
from portal.sitesearch.query import expand

from .town import first_five


@pytest.fixture
def editor(db):
    user = UserFactory(username="redaktion", is_staff=False)
    user.groups.add(Group.objects.get(name="Redaktion"))
    return user


def test_a_starter_list_of_common_trades_is_shipped(db):
    terms = [synonym.term_list for synonym in Synonym.objects.all()]
    assert len(terms) >= 40
    for pair in (("Friseur", "Frisör"), ("Tischler", "Schreiner"), ("Fahrrad", "Rad")):
        assert any(set(pair) <= set(group) for group in terms), pair
    for pair in (("Eis", "Eiscafé"), ("Brille", "Optiker")):
        assert any(set(pair) <= set(group) for group in terms), pair


def test_an_editor_adds_a_synonym_in_the_admin_and_the_next_search_uses_it(
    client, editor, directory_index, town
):
    assert "Bäckerei Korn" not in first_five(client, directory_index, "Stulle")
    client.force_login(editor)

    response = client.post(
        reverse("wagtailsnippets_sitesearch_synonym:add"),
        {"terms": "Stulle ,Brot;  Stulle", "note": "Norddeutsch"},
    )

    assert response.status_code == 302
    assert Synonym.objects.get(note="Norddeutsch").terms == "Stulle, Brot"
    client.logout()
    assert "Bäckerei Korn" in first_five(client, directory_index, "Stulle")


def test_a_deleted_synonym_no_longer_applies(client, directory_index, town):
    synonym = Synonym.objects.create(terms="Stulle, Brot")
    assert "Bäckerei Korn" in first_five(client, directory_index, "Stulle")

    synonym.delete()

    assert "Bäckerei Korn" not in first_five(client, directory_index, "Stulle")


def test_a_group_needs_two_words_and_says_so_in_german(client, editor):
    client.force_login(editor)

    response = client.post(reverse("wagtailsnippets_sitesearch_synonym:add"), {"terms": "Stulle"})

    assert response.status_code == 200
    assert "Bitte geben Sie mindestens zwei Wörter ein" in response.text
    assert not Synonym.objects.filter(terms="Stulle").exists()


def test_the_synonyms_list_is_german_and_editors_only(client, editor, db):
    merchant = UserFactory(username="haendlerin")
    client.force_login(merchant)
    assert client.get(reverse("wagtailsnippets_sitesearch_synonym:list")).status_code in (302, 403)

    client.force_login(editor)
    response = client.get(reverse("wagtailsnippets_sitesearch_synonym:list"))
    assert response.status_code == 200
    assert "Synonyme" in response.text and "Frisör" in response.text


def test_a_typed_word_ranks_above_its_synonyms(db):
    Synonym.objects.create(terms="Stulle, Brot, Schnitte")
    term = expand("Stulle").terms[0]
    assert term.alternatives[0] == "Stulle" and term.typed_count == 1
    assert set(term.alternatives) == {"Stulle", "Brot", "Schnitte"}
    # Longer forms of a term match too ("Stullen"), spellings with "ae" get umlauts.
    assert "Brot" in expand("Stullen").terms[0].alternatives
    assert expand("Baecker").terms[0].alternatives[:2] == ["Baecker", "bäcker"]
