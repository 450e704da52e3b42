"""/api/v1/… — completion and acceptance (names: ``api:acceptance-*``)."""

from django.urls import path

from . import views

P = "projects/<int:pk>/acceptance"

urlpatterns = [
    path("acceptance/overdue/", views.OverdueView.as_view(), name="acceptance-overdue"),
    path(f"{P}/", views.OverviewView.as_view(), name="acceptance-project"),
    path(f"{P}/completion/", views.CompletionView.as_view(), name="acceptance-completion"),
    path(f"{P}/extensions/", views.ExtensionApplyView.as_view(), name="acceptance-extension-apply"),
    path(
        f"{P}/extensions/decision/",
        views.ExtensionDecideView.as_view(),
        name="acceptance-extension-decide",
    ),
    path(f"{P}/applications/", views.ApplyView.as_view(), name="acceptance-apply"),
    path(f"{P}/mlps-results/", views.MlpsResultView.as_view(), name="acceptance-mlps-result"),
    path(f"{P}/crypto-results/", views.CryptoResultView.as_view(), name="acceptance-crypto-result"),
    path(f"{P}/decision/", views.DecisionView.as_view(), name="acceptance-decide"),
    path(f"{P}/filing/", views.FilingView.as_view(), name="acceptance-filing"),
]
