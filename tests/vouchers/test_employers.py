"""Employer orders: ordering with the tax-free warning, invoice, monthly issuing, code sheets."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.home.factories import UserFactory
from portal.vouchers import employer_orders, factories
from portal.vouchers.models import EmployerOrder, Voucher, VoucherBatch
from tests.helpers import point_town_at

from .pdftools import page_count, pdf_text, qr_codes_on_page

pytestmark = pytest.mark.django_db

ORDER = {
    "name": "Maschinenbau Huber GmbH",
    "street": "Werkstraße 3",
    "postcode": "12345",
    "city": "Musterstadt",
    "contact_email": "personal@huber.example",
    "employees": "12",
    "value_per_employee": "50",
    "months": "6",
}


@pytest.fixture
def employer_user(db):
    return UserFactory(username="huber", email="personal@huber.example")


@pytest.fixture
def paid_order(programme, employer_user):
    employer = factories.EmployerFactory(name="Huber GmbH")
    employer.users.add(employer_user)
    first = timezone.localdate().replace(day=1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    return factories.EmployerOrderFactory(
        employer=employer,
        programme=programme,
        employees=12,
        months=3,
        first_month=previous,
        paid_at=timezone.now(),
    )


def test_employer_orders_and_downloads_the_invoice(client, programme, employer_user):
    client.force_login(employer_user)
    response = client.post(reverse("cityvouchers:employer_orders"), ORDER)

    order = EmployerOrder.objects.get()
    assert response.status_code == 302
    assert (order.employees, order.value_per_employee, order.months) == (12, Decimal("50"), 6)
    assert order.total == Decimal("3600")
    assert order.paid_at is None
    invoice = client.get(reverse("cityvouchers:employer_invoice", args=[order.number]))
    text = pdf_text(invoice.content)
    assert f"Rechnung {order.number}" in text
    assert "3.600,00 €" in text and "Maschinenbau Huber GmbH" in text
    assert not Voucher.objects.exists()  # nothing before payment


def test_a_repeat_order_reuses_the_company(client, programme, employer_user):
    client.force_login(employer_user)
    client.post(reverse("cityvouchers:employer_orders"), ORDER)
    client.post(reverse("cityvouchers:employer_orders"), {**ORDER, "street": "Neue Straße 1"})
    (employer,) = employer_user.voucher_employers.all()
    assert employer.orders.count() == 2
    assert employer.street == "Neue Straße 1"


def test_value_above_50_euros_a_month_is_warned_about(client, programme, employer_user):
    client.force_login(employer_user)
    response = client.post(
        reverse("cityvouchers:employer_orders"), {**ORDER, "value_per_employee": "60"}
    )
    assert response.status_code == 200
    assert "Steuerfreigrenze" in response.content.decode()
    assert not EmployerOrder.objects.exists()

    confirmed = client.post(
        reverse("cityvouchers:employer_orders"),
        {**ORDER, "value_per_employee": "60", "accept_above_limit": "on"},
    )
    assert confirmed.status_code == 302
    assert EmployerOrder.objects.get().exceeds_tax_free_limit


def test_unpaid_order_issues_nothing(programme):
    factories.EmployerOrderFactory(programme=programme, paid_at=None)
    call_command("issue_employer_vouchers", stdout=io.StringIO())
    assert not Voucher.objects.exists()


def test_monthly_issuing_is_idempotent_and_issues_only_begun_months(paid_order):
    call_command("issue_employer_vouchers", stdout=io.StringIO())
    call_command("issue_employer_vouchers", stdout=io.StringIO())

    batches = VoucherBatch.objects.filter(employer_order=paid_order).order_by("month")
    assert [b.month for b in batches] == paid_order.month_list()[:2]
    assert Voucher.objects.count() == 24
    assert all(batch.sheet for batch in batches)


def test_marking_paid_issues_the_current_month_at_once(
    programme, django_capture_on_commit_callbacks
):
    order = factories.EmployerOrderFactory(programme=programme, employees=2, paid_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        employer_orders.mark_order_paid(order)
    assert Voucher.objects.filter(batch__employer_order=order).count() == 2


def test_code_sheet_pdf_and_csv_are_for_the_employer_only(client, paid_order, employer_user):
    point_town_at(paid_order.programme.site, "https://musterstadt.example")
    employer_orders.issue_due_vouchers()
    month = paid_order.first_month
    pdf_url = reverse("cityvouchers:employer_sheet", args=[paid_order.number, month, "pdf"])
    csv_url = reverse("cityvouchers:employer_sheet", args=[paid_order.number, month, "csv"])

    stranger = UserFactory(username="fremd")
    client.force_login(stranger)
    assert client.get(pdf_url).status_code == 404
    assert client.get(csv_url).status_code == 404

    client.force_login(employer_user)
    pdf = client.get(pdf_url).getvalue()
    rows = list(csv.reader(io.StringIO(client.get(csv_url).content.decode()), delimiter=";"))
    vouchers = list(
        Voucher.objects.filter(batch__reference=paid_order.batch_reference(month)).order_by("pk")
    )
    assert page_count(pdf) == 2  # ten per page
    first_page = set(qr_codes_on_page(pdf, 0))
    assert first_page == {f"https://musterstadt.example/g/{v.code}/" for v in vouchers[:10]}
    assert vouchers[0].short_code_display in pdf_text(pdf)
    assert len(rows) == 13
    assert rows[1][1:4] == [
        "50,00",
        vouchers[0].valid_until.strftime("%d.%m.%Y"),
        vouchers[0].short_code_display,
    ]


def test_visitors_read_how_the_employer_voucher_works_before_being_asked_to_log_in(
    client, programme
):
    response = client.get(reverse("cityvouchers:employer_orders"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "So funktioniert der Arbeitgeber-Gutschein" in text
    assert "50 Euro" in text and "§ 8 Abs. 2 Satz 11 EStG" in text
    assert "Codebogen" in text  # how the monthly codes reach the staff
    assert 'href="/shop/accounts/login/?next=%2Fgutschein%2Ffirmen%2F"' in text
    assert "Konto anlegen" in text
    assert 'name="employees"' not in text  # the order form needs a login


def test_an_order_posted_without_login_goes_to_the_login_and_stores_nothing(client, programme):
    response = client.post(reverse("cityvouchers:employer_orders"), ORDER)
    assert response.status_code == 302
    assert response["Location"].startswith("/shop/accounts/login/")
    assert not EmployerOrder.objects.exists()


def test_logged_in_employers_see_the_explanation_folded_above_the_form(
    client, programme, employer_user
):
    client.force_login(employer_user)
    text = client.get(reverse("cityvouchers:employer_orders")).content.decode()
    assert '<details class="employer-explainer">' in text
    assert 'name="employees"' in text
