from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("inspections/", views.inspections, name="inspections"),
    path("inspections/<int:pk>/", views.inspection, name="inspection"),
    path("inspections/<int:pk>/findings/", views.finding_add, name="finding_add"),
    path("inspections/<int:pk>/approve/", views.inspection_approve, name="inspection_approve"),
    path("findings/<int:pk>/order/", views.order_issue, name="order_issue"),
    path("orders/<int:pk>/", views.order, name="order"),
    path("orders/<int:pk>/answer/", views.order_answer, name="order_answer"),
    path("orders/<int:pk>/decide/", views.order_decide, name="order_decide"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/sanctions/", views.sanction_decide, name="sanction_decide"),
    path("sanctions/<int:pk>/lift/", views.sanction_lift, name="sanction_lift"),
    path("notices/", views.notices, name="notices"),
]
