from __future__ import annotations

from rest_framework import serializers

from govit.accounts.models import Jurisdiction, Organisation, User
from govit.accounts.roles import ROLE_LABELS_EN, Role


class JurisdictionSerializer(serializers.ModelSerializer[Jurisdiction]):
    class Meta:
        model = Jurisdiction
        fields = ["id", "code", "name", "level", "parent"]


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    jurisdiction = JurisdictionSerializer(read_only=True)
    org_type_label = serializers.CharField(source="get_org_type_display", read_only=True)
    function_label = serializers.CharField(source="get_function_display", read_only=True)
    in_scope = serializers.BooleanField(read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "code",
            "jurisdiction",
            "org_type",
            "org_type_label",
            "function",
            "function_label",
            "in_scope",
        ]


class MeSerializer(serializers.ModelSerializer[User]):
    organisation = OrganisationSerializer(read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "organisation", "roles", "language"]

    def get_roles(self, user: User) -> list[dict[str, str]]:
        return [
            {"code": code, "label": Role(code).label, "label_en": ROLE_LABELS_EN[Role(code)]}
            for code in sorted(user.effective_roles)
        ]
