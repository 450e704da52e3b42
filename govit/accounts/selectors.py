from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from .models import Organisation, SavedFilter, User


def jurisdiction_id_of(user: Any) -> int | None:
    """The jurisdiction an active, signed-in user works in (their organisation's); None for
    anybody else.  Reads no database row: the organisation comes with the user."""
    organisation = getattr(user, "organisation", None)
    if not user.is_authenticated or not user.is_active or organisation is None:
        return None
    return int(organisation.jurisdiction_id)


def organisations_visible_to(user: User) -> QuerySet[Organisation]:
    """The directory of organisations is readable by every signed-in user of a jurisdiction
    tree: their own jurisdiction, its parent and its children (city and counties see each other)."""
    if user.organisation is None:
        return Organisation.objects.none()
    jurisdiction = user.organisation.jurisdiction
    related = {jurisdiction.pk}
    if jurisdiction.parent_id:
        related.add(jurisdiction.parent_id)
    related.update(jurisdiction.children.values_list("pk", flat=True))
    return Organisation.objects.filter(jurisdiction__in=related).select_related("jurisdiction")


def saved_filters_for(user: User, list_key: str) -> QuerySet[SavedFilter]:
    """The user's own saved filters of one list, by name."""
    return SavedFilter.objects.filter(user_id=user.pk, list_key=list_key).order_by("name", "id")


def saved_filter_get(user: User, pk: int) -> SavedFilter:
    """One of the user's own saved filters; anybody else's is a 404."""
    try:
        return SavedFilter.objects.get(pk=pk, user_id=user.pk)
    except (SavedFilter.DoesNotExist, ValueError, TypeError):
        raise Http404("常用筛选不存在") from None
