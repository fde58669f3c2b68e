"""Domain operations of the marketplace; views and the dashboard stay thin.

- ``shops``: opening a shop for a directory profile, keeping its users in step
- ``plan``: what a basket becomes per merchant (fulfilment, fees, totals, VAT)
- ``placement``: turning a basket into one paid checkout with one order per merchant
- ``orders``: what merchants do with an order afterwards (ready, shipped, collected, paid)
- ``vat``: the VAT breakdown of amounts at several rates
"""
