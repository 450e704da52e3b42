from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("plans/city", views.CityPlanViewSet, basename="city-plan")
router.register("plans/departments", views.DepartmentPlanViewSet, basename="department-plan")

items = views.PlanItemViewSet.as_view({"get": "list", "post": "create"})
item = views.PlanItemViewSet.as_view(
    {"get": "retrieve", "patch": "partial_update", "put": "update", "delete": "destroy"}
)

urlpatterns = [
    *router.urls,
    path("plans/departments/<int:plan_pk>/items/", items, name="plan-item-list"),
    path("plans/departments/<int:plan_pk>/items/<int:pk>/", item, name="plan-item-detail"),
]
