from django.urls import path

from . import views

app_name = "obligations"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("map/", views.compliance, name="map"),
    path("", views.obligation_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/waive/", views.waive, name="waive"),
]
