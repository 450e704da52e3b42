"""Inbox pages: a user's own notifications, unread first; marking one or all read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govit.accounts.auth import acting_user

from . import services
from .context import remember_unread
from .selectors import notification_get, notifications_for

PAGE_SIZE = 50


@require_http_methods(["GET"])
def inbox(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    page = Paginator(notifications_for(user), PAGE_SIZE).get_page(request.GET.get("page"))
    unread = remember_unread(request, user)
    return render(
        request,
        "notifications/pages/inbox.html",
        {"page": page, "notifications": page.object_list, "unread": unread},
    )


@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read; with ``open`` go on to the page it links to."""
    user = acting_user(request)
    notification = notification_get(user, pk)
    services.notification_mark_read(notification=notification, by=user)
    remember_unread(request, user)
    link = notification.link
    if (
        request.POST.get("open")
        and link
        and url_has_allowed_host_and_scheme(
            link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return redirect(link)
    messages.success(request, _("已标记为已读"))
    return redirect("notifications:inbox")


@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    changed = services.notifications_mark_all_read(by=user)
    remember_unread(request, user)
    messages.success(request, _("已将 %(n)s 条通知标记为已读") % {"n": changed})
    return redirect("notifications:inbox")
