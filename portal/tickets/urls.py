"""Public ticket URLs: buying from the event page, the buyer's tickets, the door (/einlass/)."""

from django.urls import path

from portal.tickets import views

app_name = "tickets"
urlpatterns = [
    path("tickets/<int:sale_id>/kaufen/", views.buy, name="buy"),
    path(
        "tickets/bestellung/<str:number>/<str:key>/<str:order_number>.pdf",
        views.order_pdf,
        name="order_pdf",
    ),
    path(
        "tickets/bestellung/<str:number>/<str:key>/<str:order_number>/senden/",
        views.order_resend,
        name="order_resend",
    ),
    path(
        "tickets/bestellung/<str:number>/<str:key>/<str:order_number>/namen/",
        views.order_names,
        name="order_names",
    ),
    path("einlass/", views.checkin_index, name="checkin_index"),
    path("einlass/<int:sale_id>/", views.checkin_page, name="checkin"),
]
