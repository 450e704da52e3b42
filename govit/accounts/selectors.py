from __future__ import annotations

from django.db.models import QuerySet

from .models import Organisation, User


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
