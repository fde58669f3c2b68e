"""Production settings for bench/checkout.py, with the local fake provider as Mollie.

``portal.settings.production`` refuses any Mollie endpoint but Mollie's; the
benchmark imports it with the endpoint empty (so that check passes, as in
every real deployment) and only then points the client at the fake provider
on loopback. The fake calls the webhook over plain HTTP on loopback, so the
HTTPS redirect (a TLS proxy's job in production) is off.
"""

import os

from portal.settings.production import *  # noqa: F403

SHOP_MOLLIE_API_ENDPOINT = os.environ["BENCH_FAKE_PROVIDER_URL"]
SECURE_SSL_REDIRECT = False
