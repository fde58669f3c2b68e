"""The public check pages and the merchant's redemption pages over HTTP."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.vouchers import factories, issuing
from portal.vouchers.models import Redemption, SettlementEntry, Voucher
from portal.vouchers.redemption import redeem

pytestmark = pytest.mark.django_db


@pytest.fixture
def merchant_client(client, merchant_user):
    client.force_login(merchant_user)
    return client


def status_url(voucher_or_code):
    code = getattr(voucher_or_code, "code", voucher_or_code)
    return reverse("cityvouchers:status", kwargs={"code": code})


def test_anyone_sees_value_and_validity_of_a_valid_voucher(client, voucher):
    response = client.get(status_url(voucher))
    assert response.status_code == 200
    body = response.content.decode()
    assert "25,00 €" in body
    assert voucher.valid_until.strftime("%d.%m.%Y") in body
    assert voucher.short_code_display not in body  # the typed code is for merchants only


def test_unknown_used_expired_and_cancelled_codes_look_the_same_to_anonymous_callers(
    client, programme, merchant
):
    used = factories.VoucherFactory(batch__programme=programme)
    redeem(used, merchant=merchant)
    expired = factories.VoucherFactory(
        batch__programme=programme, batch__created_at=timezone.now() - datetime.timedelta(days=2000)
    )
    cancelled = factories.VoucherFactory(batch__programme=programme)
    issuing.cancel_voucher(cancelled, reason="refund")
    unknown = "A" * 22

    responses = [client.get(status_url(v)) for v in (unknown, used, expired, cancelled)]
    responses.append(client.get("/g/kurz/"))

    assert {r.status_code for r in responses} == {404}
    bodies = {r.content.decode().replace(r.wsgi_request.path, "") for r in responses}
    assert len(bodies) == 1


def test_eleventh_failed_anonymous_lookup_within_a_minute_gets_429(client, voucher):
    for _ in range(10):
        assert client.get(status_url("B" * 22)).status_code == 404
    response = client.get(status_url(voucher))  # even a valid code, once blocked
    assert response.status_code == 429
    assert response["Retry-After"] == "60"


def test_rate_limit_counts_per_ip(client, voucher):
    for _ in range(10):
        client.get(status_url("C" * 22), REMOTE_ADDR="10.0.0.1")
    assert client.get(status_url(voucher), REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get(status_url(voucher), REMOTE_ADDR="10.0.0.2").status_code == 200


def test_check_form_sends_a_pasted_link_to_the_status_page(client, voucher):
    response = client.get(
        reverse("cityvouchers:check"), {"code": f"https://x.example/g/{voucher.code}/"}
    )
    assert response.status_code == 302
    assert response["Location"] == status_url(voucher)


def test_short_code_is_not_accepted_from_anonymous_callers(client, voucher):
    response = client.get(reverse("cityvouchers:check"), {"code": voucher.short_code_display})
    assert response.status_code == 200
    assert "25,00" not in response.content.decode()
    response = client.get(reverse("cityvouchers:redeem"), {"code": voucher.short_code})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("cityvouchers:login"))


def test_anonymous_post_never_redeems(client, voucher):
    response = client.post(status_url(voucher), {"idempotency_key": "x"})
    assert response.status_code == 403
    assert not Redemption.objects.exists()


def test_merchant_get_shows_confirmation_and_never_redeems(merchant_client, voucher):
    response = merchant_client.get(status_url(voucher))
    assert response.status_code == 200
    assert "25,00 € jetzt einlösen" in response.content.decode()
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ACTIVE
    assert not Redemption.objects.exists()


def redeem_post(client, voucher, **data):
    page = client.get(status_url(voucher))
    form = page.context["form"]
    payload = {
        "code": voucher.code,
        "idempotency_key": form.initial["idempotency_key"],
        "merchant": form.initial["merchant"],
        **data,
    }
    return client.post(status_url(voucher), payload), payload


def test_merchant_redeems_with_one_post_and_sees_the_receipt(merchant_client, voucher, merchant):
    response, _payload = redeem_post(merchant_client, voucher)

    redemption = Redemption.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "cityvouchers:receipt", kwargs={"receipt": redemption.receipt_number}
    )
    receipt = merchant_client.get(response["Location"])
    assert redemption.receipt_number in receipt.content.decode()
    assert redemption.merchant == merchant


def test_retried_post_returns_the_first_receipt(merchant_client, voucher):
    first, payload = redeem_post(merchant_client, voucher)
    again = merchant_client.post(status_url(voucher), payload)
    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert Redemption.objects.count() == 1


def test_second_post_with_a_new_form_is_refused_clearly(merchant_client, voucher):
    redeem_post(merchant_client, voucher)
    page = merchant_client.get(status_url(voucher))
    assert "bereits eingelöst" in page.content.decode()
    assert page.context["form"] is None


def test_purchase_lower_than_the_voucher_is_warned_about_before_redeeming(merchant_client, voucher):
    response, payload = redeem_post(merchant_client, voucher, purchase_amount="19,90")
    assert response.status_code == 200
    assert "kein Wechselgeld" in response.content.decode()
    assert not Redemption.objects.exists()

    payload["accept_no_change"] = "on"
    confirmed = merchant_client.post(status_url(voucher), {**payload, "purchase_amount": "19,90"})
    assert confirmed.status_code == 302
    assert Redemption.objects.get().purchase_amount == Decimal("19.90")


def test_merchant_types_the_short_code(merchant_client, voucher):
    response = merchant_client.get(
        reverse("cityvouchers:redeem"), {"code": voucher.short_code_display.lower()}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["code"] == voucher.short_code
    posted = merchant_client.post(
        reverse("cityvouchers:redeem"),
        {
            "code": voucher.short_code,
            "idempotency_key": form.initial["idempotency_key"],
            "merchant": form.initial["merchant"],
        },
    )
    assert posted.status_code == 302
    assert Redemption.objects.get().voucher == voucher


def test_merchant_of_two_businesses_chooses_by_name_which_one_redeems(
    client, make_merchant, voucher
):
    from portal.directory.services import add_member

    zoo, user = make_merchant("Zoohandlung Tierlieb", username="zwei")
    bakery, _nobody = make_merchant("Bäckerei Korn")
    add_member(bakery, user)
    client.force_login(user)

    page = client.get(status_url(voucher))
    form = page.context["form"]
    names = [name for _pk, name in form.fields["merchant"].choices]
    posted = client.post(
        status_url(voucher),
        {
            "code": voucher.code,
            "idempotency_key": form.initial["idempotency_key"],
            "merchant": zoo.voucher_acceptance.pk,
        },
    )

    assert names == ["Bäckerei Korn", "Zoohandlung Tierlieb"]
    assert form.initial["merchant"] == bakery.voucher_acceptance.pk
    assert "Zoohandlung Tierlieb" in page.content.decode()
    assert posted.status_code == 302
    assert Redemption.objects.get().merchant == zoo


def test_typo_in_the_short_code_is_caught_without_a_lookup(merchant_client, voucher):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    typo = voucher.short_code[:-1] + ("X" if voucher.short_code[-1] != "X" else "Y")
    with CaptureQueriesContext(connection) as queries:
        response = merchant_client.get(reverse("cityvouchers:redeem"), {"code": typo})
    assert response.status_code == 200
    assert "Tippfehler" in response.content.decode()
    assert not [q for q in queries if 'FROM "cityvouchers_voucher"' in q["sql"]]


def test_typed_short_codes_are_rate_limited_per_merchant(merchant_client, programme):
    from portal.vouchers.codes import new_short_code

    for _ in range(20):
        response = merchant_client.get(reverse("cityvouchers:redeem"), {"code": new_short_code()})
        assert response.status_code == 404
    assert merchant_client.get(reverse("cityvouchers:redeem")).status_code == 429


def test_suspended_merchant_cannot_use_the_redemption_page(merchant_client, merchant, voucher):
    merchant.voucher_acceptance.suspended = True
    merchant.voucher_acceptance.save()
    assert merchant_client.get(reverse("cityvouchers:redeem")).status_code == 403
    response = merchant_client.post(status_url(voucher), {"idempotency_key": "k"})
    assert response.status_code == 403
    assert not Redemption.objects.exists()


def test_merchant_sees_only_own_redemptions_and_receipts(client, make_merchant, programme):
    page_a, user_a = make_merchant("Laden A", username="laden-a")
    page_b, user_b = make_merchant("Laden B", username="laden-b")
    mine = redeem(factories.VoucherFactory(batch__programme=programme), merchant=page_a)
    theirs = redeem(factories.VoucherFactory(batch__programme=programme), merchant=page_b)

    client.force_login(user_a)
    area = client.get(reverse("cityvouchers_merchant:index")).content.decode()
    assert mine.redemption.receipt_number in area
    assert theirs.redemption.receipt_number not in area
    foreign_receipt = reverse(
        "cityvouchers:receipt", kwargs={"receipt": theirs.redemption.receipt_number}
    )
    assert client.get(foreign_receipt).status_code == 404


def test_redemption_page_query_count_does_not_grow_with_redemptions(
    merchant_client, merchant, programme, django_assert_max_num_queries
):
    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert merchant_client.get(reverse("cityvouchers_merchant:index")).status_code == 200
        return len(context)

    redeem(factories.VoucherFactory(batch__programme=programme), merchant=merchant)
    count_queries()  # warm the per-process caches (site, settings, content types)
    few = count_queries()
    for voucher in factories.VoucherFactory.create_batch(15, batch__programme=programme):
        redeem(voucher, merchant=merchant)
    assert count_queries() == few
    with django_assert_max_num_queries(30):
        merchant_client.get(reverse("cityvouchers_merchant:index"))


def script_payload(client, voucher):
    """What the confirmation page's form sends: the code, its idempotency key, the merchant."""
    initial = client.get(status_url(voucher)).context["form"].initial
    return {
        "code": voucher.code,
        "idempotency_key": initial["idempotency_key"],
        "merchant": initial["merchant"],
    }


def test_script_gets_json_receipt_and_json_refusal(merchant_client, voucher):
    payload = script_payload(merchant_client, voucher)
    json = {"HTTP_ACCEPT": "application/json"}

    first = merchant_client.post(status_url(voucher), payload, **json)
    again = merchant_client.post(
        status_url(voucher), {**payload, "idempotency_key": "other"}, **json
    )

    receipt = Redemption.objects.get().receipt_number
    assert first.status_code == 200
    assert first.json() == {
        "ok": True,
        "receipt_url": reverse("cityvouchers:receipt", kwargs={"receipt": receipt}),
        "receipt_number": receipt,
    }
    assert again.status_code == 409
    assert again.json() == {"ok": False, "message": "Dieser Gutschein wurde bereits eingelöst."}


def script_post(client, voucher):
    """The confirmation page's script: a new form's POST asking for JSON, to send later."""
    payload = script_payload(client, voucher)
    return lambda: client.post(status_url(voucher), payload, HTTP_ACCEPT="application/json")


def test_redeem_post_stays_within_its_query_budget(
    merchant_client, voucher, django_assert_num_queries
):
    """Session (from Redis in production) and user, the memberships, the voucher and
    the retry check; redeeming adds, in its transaction (here a savepoint), the
    locked voucher, whether the business is in the voucher's town, the hold check
    and the three rows it writes."""
    redeem_now = script_post(merchant_client, voucher)
    refused_later = script_post(merchant_client, voucher)

    with django_assert_num_queries(13):
        assert redeem_now().status_code == 200
    with django_assert_num_queries(5):
        assert refused_later().status_code == 409


def test_only_a_voucher_that_can_still_be_redeemed_is_locked(merchant_client, voucher):
    """A spent voucher stays spent: refusing it needs no row lock (and no commit to disk)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    redeem_now = script_post(merchant_client, voucher)
    refused_later = script_post(merchant_client, voucher)

    with CaptureQueriesContext(connection) as redeeming:
        assert redeem_now().status_code == 200
    with CaptureQueriesContext(connection) as refusing:
        assert refused_later().status_code == 409

    def locks(queries):
        return [
            q["sql"] for q in queries if q["sql"].endswith('FOR UPDATE OF "cityvouchers_voucher"')
        ]

    assert len(locks(redeeming)) == 1
    assert locks(refusing) == []


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("cancelled", "Dieser Gutschein wurde storniert und kann nicht eingelöst werden."),
        ("expired", "Dieser Gutschein ist abgelaufen."),
    ],
)
def test_script_post_for_a_cancelled_or_expired_voucher_is_refused(
    merchant_client, programme, state, message
):
    voucher = factories.VoucherFactory(batch__programme=programme)
    post = script_post(merchant_client, voucher)
    if state == "cancelled":
        issuing.cancel_voucher(voucher, reason="refund")
    else:
        Voucher.objects.filter(pk=voucher.pk).update(
            valid_until=timezone.localdate() - datetime.timedelta(days=1)
        )

    response = post()

    assert response.status_code == 409
    assert response.json() == {"ok": False, "message": message}
    assert not Redemption.objects.exists()


def test_script_post_after_suspension_is_refused(merchant_client, merchant, voucher):
    post = script_post(merchant_client, voucher)
    merchant.voucher_acceptance.suspended = True
    merchant.voucher_acceptance.save()

    assert post().status_code == 403
    assert not Redemption.objects.exists()


def test_the_tills_repeated_queries_are_prepared_statements(merchant_client, voucher):
    """The till's view runs in ``prepared_statements()``: after a few scans PostgreSQL
    keeps the memberships and voucher lookups parsed and planned on the connection.
    The page around the confirmation (site settings, navigation) renders after that
    block, with Django's own binding."""
    from django.db import connection

    redeem_now, *refused_later = [script_post(merchant_client, voucher) for _ in range(7)]

    assert redeem_now().status_code == 200
    assert [post().status_code for post in refused_later] == [409] * 6
    for _ in range(6):
        assert merchant_client.get(status_url(voucher)).status_code == 200

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = " ".join(row[0] for row in cursor.fetchall())
    assert 'FROM "cityvouchers_acceptingmerchant"' in prepared
    assert 'FROM "cityvouchers_voucher"' in prepared
    assert "home_navigationsettings" not in prepared


def test_partial_redemption_at_the_till_takes_the_amount_and_refuses_more_than_is_left(
    merchant_client, programme, voucher
):
    """With a programme that allows parts, the confirmation asks for the amount; the
    voucher keeps the rest, and asking for more than is left is refused."""
    programme.partial_redemption = True
    programme.save()
    first, second, third = [script_payload(merchant_client, voucher) for _ in range(3)]
    page = merchant_client.get(status_url(voucher))
    assert "amount" in page.context["form"].fields
    assert "accept_no_change" not in page.context["form"].fields
    json = {"HTTP_ACCEPT": "application/json"}

    ten = merchant_client.post(status_url(voucher), {**first, "amount": "10,00"}, **json)
    too_much = merchant_client.post(status_url(voucher), {**second, "amount": "20"}, **json)
    rest = merchant_client.post(status_url(voucher), {**third, "amount": "15"}, **json)

    assert ten.status_code == 200
    assert too_much.status_code == 409
    assert too_much.json()["message"] == "Das Guthaben des Gutscheins ist niedriger als der Betrag."
    assert rest.status_code == 200
    voucher.refresh_from_db()
    assert voucher.balance == 0
    assert voucher.status == voucher.Status.REDEEMED
    redemptions = Redemption.objects.filter(voucher=voucher).order_by("sequence")
    assert [(r.sequence, r.amount) for r in redemptions] == [(1, Decimal("10")), (2, Decimal("15"))]
    assert [e.amount for e in SettlementEntry.objects.order_by("pk")] == [
        Decimal("10"),
        Decimal("15"),
    ]


def test_merchant_downloads_a_months_redemptions_as_german_csv_own_only(
    client, make_merchant, programme
):
    page_a, user_a = make_merchant("Laden A", username="laden-a")
    page_b, _user_b = make_merchant("Laden B", username="laden-b")
    mine = redeem(factories.VoucherFactory(batch__programme=programme), merchant=page_a)
    theirs = redeem(factories.VoucherFactory(batch__programme=programme), merchant=page_b)
    client.force_login(user_a)

    response = client.get(reverse("cityvouchers_merchant:index"), {"download": "csv"})

    text = response.content.decode("utf-8-sig")
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert text.splitlines()[0] == "Datum;Belegnummer;Bestellung;Betrieb;Betrag (EUR)"
    assert mine.redemption.receipt_number in text
    assert theirs.redemption.receipt_number not in text
    assert str(mine.redemption.amount).replace(".", ",") in text


def test_admin_home_shows_the_latest_redemptions_of_own_businesses(
    client, make_merchant, programme
):
    page_a, user_a = make_merchant("Laden A", username="laden-a")
    page_b, _user_b = make_merchant("Laden B", username="laden-b")
    mine = redeem(factories.VoucherFactory(batch__programme=programme), merchant=page_a)
    theirs = redeem(factories.VoucherFactory(batch__programme=programme), merchant=page_b)
    client.force_login(user_a)

    home = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Letzte Gutschein-Einlösungen" in home
    assert mine.redemption.receipt_number in home
    assert theirs.redemption.receipt_number not in home


def test_the_voucher_pages_are_not_in_the_menu_of_merchants_outside_the_network(
    client, make_merchant
):
    _page, user = make_merchant("Laden C", accepting=False, username="laden-c")
    client.force_login(user)

    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    page = client.get(reverse("cityvouchers_merchant:index"))

    assert reverse("cityvouchers_merchant:index") not in menu
    assert page.status_code == 404
