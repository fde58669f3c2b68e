"""A local stand-in for Mollie's payments API, for development, the demo and tests.

It speaks the request and response shapes of Mollie's v2 API that the
portal uses, over real HTTP, so the portal's client code (Mollie's own SDK
in ``portal.shop.payments.mollie``) runs unchanged against it:

- ``POST /v2/payments`` (201, a payment with ``_links.checkout``),
  ``GET /v2/payments/<id>``, ``DELETE /v2/payments/<id>`` (cancel);
- ``POST /v2/payments/<id>/refunds``, ``GET /v2/payments/<id>/refunds``;
- errors as Mollie sends them (``{"status": 422, "title": ..., "detail": ...}``),
  ``Authorization: Bearer test_...`` required, ``Idempotency-Key`` honoured.

``GET /checkout/<id>`` is the hosted payment page: the resident chooses the
outcome (paid, failed, cancelled, expired). Like Mollie, the fake then POSTs
``id=<payment id>`` to the payment's ``webhookUrl`` and redirects to its
``redirectUrl``. With ``webhooks="hold"`` it queues the webhooks instead
(``held``), so a test decides when (and how often) they arrive.

Never part of a production set-up: ``production.py`` refuses any Mollie
endpoint but Mollie's, and ``manage.py fake_payment_provider`` (what
``make demo`` starts) refuses production settings.
"""

import datetime
import html
import json
import logging
import re
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

logger = logging.getLogger(__name__)

DOCS = "https://docs.mollie.com/reference/v2/payments-api/"
STATUS_TEXT = {
    200: "200 OK",
    201: "201 Created",
    204: "204 No Content",
    303: "303 See Other",
    401: "401 Unauthorized",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    410: "410 Gone",
    422: "422 Unprocessable Entity",
    503: "503 Service Unavailable",
}
ERROR_TITLES = {
    401: "Unauthorized Request",
    404: "Not Found",
    405: "Method Not Allowed",
    410: "Gone",
    422: "Unprocessable Entity",
    503: "Service Unavailable",
}
OUTCOMES = {
    "paid": "Bezahlen",
    "failed": "Zahlung scheitern lassen",
    "canceled": "Abbrechen",
    "expired": "Ablaufen lassen",
}


def now():
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def stamp(moment):
    return moment.isoformat()


def money(value, currency="EUR"):
    return {"value": f"{Decimal(value):.2f}", "currency": currency}


class ApiError(Exception):
    def __init__(self, status, detail, field=None):
        super().__init__(detail)
        self.status, self.detail, self.field = status, detail, field


class FakeMollie:
    """The provider's state and its WSGI application (``self`` is the app)."""

    def __init__(self, *, webhooks="send", expiry_minutes=15, profile_id="pfl_fake"):
        self.webhooks = webhooks
        self.expiry = datetime.timedelta(minutes=expiry_minutes)
        self.profile_id = profile_id
        self.base_url = ""
        self.payments = {}
        self.refunds = {}  # payment id -> [refund]
        self.idempotent = {}  # (key, path) -> (status, body)
        self.held = []  # (webhook url, payment id) not yet delivered
        self.deliveries = []  # (webhook url, payment id, HTTP status or error)
        self.requests = []  # (method, path) of every API call, for tests
        self.outage = False  # answer every API call with 503
        self.refunds_complete = True  # refunds become "refunded" right after creation
        self._lock = threading.RLock()
        self._server = None

    # ------------------------------------------------------------ state changes

    def create_payment(self, data):
        amount = data.get("amount") or {}
        try:
            value = Decimal(amount.get("value", ""))
        except ArithmeticError:
            raise ApiError(422, "The amount is invalid.", "amount") from None
        if not re.fullmatch(r"\d+\.\d{2}", str(amount.get("value", ""))) or value < Decimal("0.01"):
            raise ApiError(422, "The amount is lower than the minimum of 0.01 EUR.", "amount")
        if amount.get("currency") != "EUR":
            raise ApiError(422, "The currency is not supported.", "amount.currency")
        for name in ("description", "redirectUrl"):
            if not data.get(name):
                raise ApiError(422, f"The {name} is missing.", name)
        payment_id = "tr_" + secrets.token_hex(5)
        created = now()
        payment = {
            "resource": "payment",
            "id": payment_id,
            "mode": "test",
            "createdAt": stamp(created),
            "amount": money(value),
            "description": data["description"],
            "method": data.get("method"),
            "metadata": data.get("metadata"),
            "status": "open",
            "isCancelable": True,
            "expiresAt": stamp(created + self.expiry),
            "profileId": self.profile_id,
            "sequenceType": "oneoff",
            "redirectUrl": data["redirectUrl"],
            "webhookUrl": data.get("webhookUrl"),
            "locale": data.get("locale"),
            "_links": {
                "self": self._link(f"/v2/payments/{payment_id}", "application/hal+json"),
                "checkout": self._link(f"/checkout/{payment_id}", "text/html"),
                "documentation": {"href": DOCS + "create-payment", "type": "text/html"},
            },
        }
        if data.get("cancelUrl"):
            payment["cancelUrl"] = data["cancelUrl"]
        with self._lock:
            self.payments[payment_id] = payment
        return payment

    def _link(self, path, kind):
        return {"href": self.base_url + path, "type": kind}

    def get_payment(self, payment_id):
        with self._lock:
            payment = self.payments.get(payment_id)
            if payment is None:
                raise ApiError(404, f"No payment exists with token {payment_id}.")
            expires = payment.get("expiresAt")
            if (
                payment["status"] == "open"
                and expires
                and now() >= datetime.datetime.fromisoformat(expires)
            ):
                self._set_status(payment, "expired")
            return payment

    def set_status(self, payment_id, status, *, notify=True):
        """Move a payment to ``status`` as the resident or the bank would; then the webhook."""
        with self._lock:
            payment = self.get_payment(payment_id)
            self._set_status(payment, status)
        if notify:
            self.notify(payment_id)
        return payment

    def pay(self, payment_id, **kwargs):
        return self.set_status(payment_id, "paid", **kwargs)

    def fail(self, payment_id, **kwargs):
        return self.set_status(payment_id, "failed", **kwargs)

    def cancel(self, payment_id, **kwargs):
        return self.set_status(payment_id, "canceled", **kwargs)

    def expire(self, payment_id, **kwargs):
        return self.set_status(payment_id, "expired", **kwargs)

    def _set_status(self, payment, status):
        moment = stamp(now())
        payment["status"] = status
        payment["isCancelable"] = status == "open"
        if status == "paid":
            payment["paidAt"] = moment
            payment["method"] = payment.get("method") or "creditcard"
            payment["amountRefunded"] = money(0)
            payment["amountRemaining"] = dict(payment["amount"])
            payment["settlementAmount"] = dict(payment["amount"])
            payment.pop("expiresAt", None)
        elif status in ("failed", "canceled", "expired"):
            payment[f"{status}At"] = moment
            payment.pop("expiresAt", None)

    def create_refund(self, payment_id, data):
        with self._lock:
            payment = self.get_payment(payment_id)
            if payment["status"] != "paid":
                raise ApiError(422, "The payment cannot be refunded: it has not been paid.")
            try:
                value = Decimal((data.get("amount") or {}).get("value", ""))
            except ArithmeticError:
                raise ApiError(422, "The amount is invalid.", "amount") from None
            remaining = Decimal(payment["amountRemaining"]["value"])
            if value <= 0 or value > remaining:
                raise ApiError(
                    422,
                    f"The amount of the refund is higher than the remaining {remaining} EUR.",
                    "amount",
                )
            refund_id = "re_" + secrets.token_hex(5)
            refund = {
                "resource": "refund",
                "id": refund_id,
                "amount": money(value),
                "status": "pending",
                "createdAt": stamp(now()),
                "description": data.get("description", ""),
                "metadata": data.get("metadata"),
                "paymentId": payment_id,
                "settlementAmount": money(-value),
                "_links": {
                    "self": self._link(
                        f"/v2/payments/{payment_id}/refunds/{refund_id}", "application/hal+json"
                    ),
                    "payment": self._link(f"/v2/payments/{payment_id}", "application/hal+json"),
                    "documentation": {"href": DOCS + "create-refund", "type": "text/html"},
                },
            }
            self.refunds.setdefault(payment_id, []).append(refund)
            payment["amountRefunded"] = money(Decimal(payment["amountRefunded"]["value"]) + value)
            payment["amountRemaining"] = money(remaining - value)
            payment["_links"]["refunds"] = self._link(
                f"/v2/payments/{payment_id}/refunds", "application/hal+json"
            )
            answer = dict(refund)
            if self.refunds_complete:
                refund["status"] = "refunded"
        if self.refunds_complete:
            self.notify(payment_id, later=True)
        return answer

    def list_refunds(self, payment_id):
        with self._lock:
            self.get_payment(payment_id)
            refunds = list(self.refunds.get(payment_id, []))
        return {
            "count": len(refunds),
            "_embedded": {"refunds": refunds},
            "_links": {
                "self": self._link(f"/v2/payments/{payment_id}/refunds", "application/hal+json"),
                "previous": None,
                "next": None,
                "documentation": {"href": DOCS + "list-refunds", "type": "text/html"},
            },
        }

    # ---------------------------------------------------------------- webhooks

    def notify(self, payment_id, *, later=False):
        """Tell the shop that ``payment_id`` changed (or queue it, with ``webhooks="hold"``)."""
        url = self.payments[payment_id].get("webhookUrl")
        if not url:
            return
        if self.webhooks == "hold":
            with self._lock:
                self.held.append((url, payment_id))
            return
        if later:
            threading.Thread(target=self.deliver, args=(url, payment_id), daemon=True).start()
        else:
            self.deliver(url, payment_id)

    def deliver(self, url, payment_id):
        body = urllib.parse.urlencode({"id": payment_id}).encode()
        request = urllib.request.Request(
            url,
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                outcome = response.status
        except urllib.error.HTTPError as error:
            outcome = error.code
        except OSError as error:
            outcome = repr(error)
            logger.warning("Fake Mollie: webhook to %s failed: %s", url, error)
        with self._lock:
            self.deliveries.append((url, payment_id, outcome))
        return outcome

    def take_held(self):
        """The queued webhooks ``[(url, payment id)]``, removed from the queue."""
        with self._lock:
            held, self.held = self.held, []
        return held

    # -------------------------------------------------------------- HTTP layer

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        try:
            if path.startswith("/checkout/"):
                return self._hosted_page(environ, start_response, path[len("/checkout/") :])
            return self._api(environ, start_response, method, path)
        except ApiError as error:
            return self._json(start_response, error.status, self._error_body(error))

    def _error_body(self, error):
        body = {
            "status": error.status,
            "title": ERROR_TITLES.get(error.status, "Error"),
            "detail": error.detail,
            "_links": {"documentation": {"href": DOCS, "type": "text/html"}},
        }
        if error.field:
            body["field"] = error.field
        return body

    def _api(self, environ, start_response, method, path):
        with self._lock:
            self.requests.append((method, path))
        if self.outage:
            raise ApiError(503, "The service is temporarily unavailable.")
        auth = environ.get("HTTP_AUTHORIZATION", "")
        if not re.fullmatch(r"Bearer test_\w+", auth):
            raise ApiError(401, "Missing authentication, or failed to authenticate")
        key = environ.get("HTTP_IDEMPOTENCY_KEY", "")
        if key and method == "POST" and (key, path) in self.idempotent:
            status, body = self.idempotent[(key, path)]
            return self._json(start_response, status, body, replayed=True)
        data = self._read_json(environ) if method in ("POST", "PATCH") else {}
        status, body = self._route(method, path, data)
        if key and method == "POST":
            with self._lock:
                self.idempotent[(key, path)] = (status, body)
        return self._json(start_response, status, body)

    def _route(self, method, path, data):
        match = re.fullmatch(r"/v2/payments(?:/(tr_\w+)(?:/(refunds))?)?/?", path)
        if match is None:
            raise ApiError(404, "The resource does not exist.")
        payment_id, refunds = match.groups()
        if payment_id is None:
            if method != "POST":
                raise ApiError(405, "Only creating payments is supported here.")
            return 201, self.create_payment(data)
        if refunds:
            if method == "POST":
                return 201, self.create_refund(payment_id, data)
            if method == "GET":
                return 200, self.list_refunds(payment_id)
            raise ApiError(405, "The method is not allowed.")
        if method == "GET":
            return 200, self.get_payment(payment_id)
        if method == "DELETE":
            payment = self.get_payment(payment_id)
            if payment["status"] != "open":
                raise ApiError(422, "The payment cannot be canceled.")
            return 200, self.set_status(payment_id, "canceled")
        raise ApiError(405, "The method is not allowed.")

    @staticmethod
    def _read_json(environ):
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        raw = environ["wsgi.input"].read(length) if length else b""
        try:
            return json.loads(raw or b"{}")
        except ValueError:
            raise ApiError(422, "The request body is not valid JSON.") from None

    @staticmethod
    def _json(start_response, status, body, replayed=False):
        payload = json.dumps(body).encode()
        headers = [
            ("Content-Type", "application/hal+json"),
            ("Content-Length", str(len(payload))),
        ]
        if replayed:
            headers.append(("Idempotent-Replayed", "true"))
        start_response(STATUS_TEXT[status], headers)
        return [payload]

    def _hosted_page(self, environ, start_response, payment_id):
        """Mollie's checkout, reduced to choosing the outcome."""
        try:
            payment = self.get_payment(payment_id)
        except ApiError:
            return self._html(start_response, 404, "<p>Diese Zahlung gibt es nicht.</p>")
        if environ["REQUEST_METHOD"] == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = urllib.parse.parse_qs(environ["wsgi.input"].read(length).decode())
            outcome = (form.get("outcome") or [""])[0]
            if outcome in OUTCOMES and payment["status"] == "open":
                self.set_status(payment_id, outcome)
            start_response(STATUS_TEXT[303], [("Location", payment["redirectUrl"])])
            return [b""]
        if payment["status"] != "open":
            body = (
                "<p>Diese Zahlung ist abgeschlossen.</p>"
                f'<p><a href="{html.escape(payment["redirectUrl"])}">Zurück zum Shop</a></p>'
            )
            return self._html(start_response, 410, body)
        amount = payment["amount"]["value"].replace(".", ",")
        buttons = "".join(
            f'<button type="submit" name="outcome" value="{value}">{label}</button> '
            for value, label in OUTCOMES.items()
        )
        body = (
            f"<p>{html.escape(payment['description'])}</p>"
            f'<p class="amount">Betrag: <strong>{amount} €</strong></p>'
            f'<form method="post">{buttons}</form>'
        )
        return self._html(start_response, 200, body)

    @staticmethod
    def _html(start_response, status, body):
        page = (
            '<!doctype html><html lang="de"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>Testzahlung – Mollie (Testanbieter)</title></head><body><main>"
            "<h1>Testzahlung (kein echtes Geld)</h1>"
            f"{body}</main></body></html>"
        ).encode()
        start_response(
            STATUS_TEXT[status],
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))],
        )
        return [page]

    # ---------------------------------------------------------------- serving

    def start(self, host="127.0.0.1", ports=(0,)):
        """Serve on the first free port of ``ports`` in a background thread; returns its URL."""
        for port in ports:
            try:
                self._server = make_server(
                    host, port, self, server_class=ThreadingWSGIServer, handler_class=QuietHandler
                )
                break
            except OSError:
                continue
        else:
            raise OSError(f"No free port for the fake provider among {ports}")
        self.base_url = f"http://{host}:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self.base_url

    def wait(self):
        """Block until the server thread ends (the command line's foreground)."""
        self._thread.join()

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """One thread per request: a webhook may call back while a request is open."""

    daemon_threads = True
    allow_reuse_address = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        logger.debug("Fake Mollie: " + format, *args)
