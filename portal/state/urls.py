"""Fixed public paths of initiatives' self-registration, on every site with an initiatives index."""

from django.urls import path

from . import views

app_name = "state"

urlpatterns = [
    path("initiativen/eintragen/", views.register, name="register"),
    path("initiativen/eintragen/gesendet/", views.sent, name="sent"),
    path("initiativen/eintragen/bestaetigen/<str:token>/", views.confirm, name="confirm"),
]
