from django.urls import path

from . import views

urlpatterns = [
    path("federation/feed.json", views.feed_json, name="federation_feed"),
    path("laeden-in-der-naehe/", views.near_me, name="federation_near_me"),
]
