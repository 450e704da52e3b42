from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/bdb/", views.dashboard_bdb, name="dashboard_bdb"),
    path("dashboard/overview/", views.dashboard_overview, name="dashboard_overview"),
    path("dashboard/finance/", views.dashboard_finance, name="dashboard_finance"),
    path("dashboard/department/", views.dashboard_department, name="dashboard_department"),
    path("dashboard/audit/", views.dashboard_audit, name="dashboard_audit"),
    path("dashboard/audit/history/", views.history_search, name="history_search"),
]
