"""The merchant's shop in the Wagtail admin: one back office next to the profile.

- ``opening``: "open my shop" for a published profile
- ``products``: products with variants, pictures, price, VAT, unit and stock
- ``orders``: the order list (CSV export) and an order's page with its next steps
- ``handover``: the pickup desk, handing an order over by its pickup code
- ``shops``: the shop's settings (pickup, delivery area and fees, shipping)
- ``reports``: sales by period, product and VAT rate, with CSV downloads
- ``home``: the admin home's panel "what needs me today"
- ``permissions``: the policy and mixin that confine every view to the user's shops

Registered in ``portal/shop/wagtail_hooks.py``; every queryset comes from
``portal.shop.access``.
"""
