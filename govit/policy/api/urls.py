from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("policy-packs", views.PolicyPackViewSet, basename="policy-pack")

urlpatterns = [
    path("calendar/workdays/add/", views.WorkdaysAddView.as_view(), name="calendar-workdays-add"),
    path(
        "calendar/workdays/between/",
        views.WorkdaysBetweenView.as_view(),
        name="calendar-workdays-between",
    ),
    *router.urls,
]
