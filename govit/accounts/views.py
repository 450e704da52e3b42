from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govit.core.errors import ServiceError

from .auth import acting_user
from .forms import LoginForm
from .permissions import can_save_filters
from .selectors import saved_filter_get
from .services import saved_filter_delete, saved_filter_save, user_set_language


@method_decorator(login_not_required, name="dispatch")
class GovitLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@method_decorator(login_not_required, name="dispatch")
class GovitLogoutView(auth_views.LogoutView):
    pass


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """django-axes calls this when an account is locked (5 failures)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = (
        f"连续登录失败次数过多，账户已被锁定，请 {minutes} 分钟后再试；如需提前解锁，请联系安全管理员。"
        f" / Too many failed logins: locked for {minutes} minutes."
    )
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"code": "locked", "detail": message}, status=429)
    form = LoginForm(request)
    return render(
        request, "accounts/login.html", {"form": form, "locked_message": message}, status=429
    )


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "zh-hans")
    if language not in {"zh-hans", "en"}:
        language = "zh-hans"
    if request.user.is_authenticated:
        user_set_language(user=acting_user(request), language=language)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        "govit_language", language, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
    )
    return response


# --- saved filters of the lists -----------------------------------------------------------------
def _back_to_list(request: HttpRequest, query: str = "") -> HttpResponseRedirect:
    """Back to the list page the form was posted from (``next``: a path of this site)."""
    target = request.POST.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return HttpResponseRedirect(f"{target}?{query}" if query else target)


@require_POST
def saved_filter_save_view(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    allowed = can_save_filters(user)
    if not allowed:
        raise PermissionDenied(allowed.display_message)
    query = request.POST.get("query", "")
    try:
        saved = saved_filter_save(
            list_key=request.POST.get("list_key", ""),
            name=request.POST.get("name", ""),
            query=query,
            by=user,
        )
    except ServiceError as error:
        messages.error(request, error.display_message)
        return _back_to_list(request, query)
    messages.success(request, _("已保存常用筛选“%(name)s”") % {"name": saved.name})
    return _back_to_list(request, saved.query)


@require_POST
def saved_filter_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    saved = saved_filter_get(user, pk)
    saved_filter_delete(saved_filter=saved, by=user)
    messages.success(request, _("已删除常用筛选“%(name)s”") % {"name": saved.name})
    return _back_to_list(request)
