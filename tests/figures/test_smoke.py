from django.urls import reverse


def test_superuser_sees_every_section(client, towns, superuser):
    client.force_login(superuser)
    response = client.get(reverse("figures:index"))
    assert response.status_code == 200
    for key in ("haendler", "anliegen", "stadtgutschein"):
        assert f'id="{key}"' in response.content.decode()
