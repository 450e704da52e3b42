"""Pre-evaluation (Art. 8), catalogue (Art. 27), security (Art. 31–33), co-builders (Art. 9, 17)
and county participants (Art. 25): bad input refused naming the field, nothing partly saved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from govit.applications import services
from govit.applications.models import (
    CatalogueEntry,
    CoBuilder,
    CountyParticipant,
    Indicator,
    PreEvaluation,
    ProductItem,
    SecurityProfile,
)
from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.projects.models import Project


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            CatalogueEntry,
            CoBuilder,
            CountyParticipant,
            Indicator,
            PreEvaluation,
            ProductItem,
            SecurityProfile,
            Event,
        )
    )


def _api(world, persona: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.persona(persona))
    return client


def _client(world, persona: str) -> Client:
    client = Client()
    client.force_login(world.persona(persona))
    return client


# --- pre-evaluation ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("goals", "conclusion", "indicator", "field"),
    [
        ("", "结论", True, "goals"),
        ("目标", "", True, "conclusion"),
        ("目标", "结论", False, "indicators"),
    ],
)
def test_completing_an_incomplete_pre_evaluation_is_refused_naming_what_is_missing(
    world, goals: str, conclusion: str, indicator: bool, field: str
) -> None:
    project, staff = world.project("police"), world.police_staff
    services.pre_evaluation_save(project=project, goals=goals, conclusion=conclusion, by=staff)
    if indicator:
        services.indicator_add(
            project=project, name="办理率", target_value="95", unit="%", by=staff
        )
    with pytest.raises(InvalidInput) as refused:
        services.pre_evaluation_complete(project=project, by=staff)
    assert refused.value.field == field and "第八条" in refused.value.message
    assert PreEvaluation.objects.get().completed_at is None


@pytest.mark.parametrize("field", ["name", "target_value", "unit"])
def test_an_indicator_without_name_target_or_unit_is_refused(world, field: str) -> None:
    values = {"name": "办理率", "target_value": "95", "unit": "%", field: ""}
    before = _counts()
    with pytest.raises(InvalidInput) as refused:
        services.indicator_add(project=world.project("police"), by=world.police_staff, **values)
    assert refused.value.field == field
    assert _counts() == before


def test_the_page_completes_the_pre_evaluation(world) -> None:
    project = world.projects["police"]
    client = _client(world, "police_staff")
    url = reverse("applications:pre_evaluation_complete", args=[project.pk])
    refused = client.post(url)
    assert refused.status_code == 400
    assert 'data-field="goals"' in refused.content.decode()
    client.post(
        reverse("applications:pre_evaluation_save", args=[project.pk]),
        {"pre-goals": "目标", "pre-conclusion": "结论"},
    )
    client.post(
        reverse("applications:indicator_add", args=[project.pk]),
        {"indicator-name": "办理率", "indicator-target_value": "95", "indicator-unit": "%"},
    )
    assert client.post(url).status_code == 302
    page = client.get(reverse("applications:dossier", args=[project.pk])).content.decode()
    assert 'data-testid="pre-evaluation-completed"' in page


def test_the_api_refuses_completion_with_the_field_named_and_then_completes(world) -> None:
    project = world.projects["police"]
    api = _api(world, "police_staff")
    complete = reverse("api:application-pre-evaluation-complete", args=[project.pk])
    assert api.post(complete).json()["field"] == "goals"
    api.put(
        reverse("api:application-pre-evaluation", args=[project.pk]),
        {"goals": "目标", "conclusion": "结论"},
        format="json",
    )
    api.post(
        reverse("api:application-indicator-list", args=[project.pk]),
        {"name": "办理率", "target_value": "95", "unit": "%"},
        format="json",
    )
    response = api.post(complete)
    assert response.status_code == 200 and response.json()["completed"] is True


# --- catalogue --------------------------------------------------------------------------------
CATALOGUE = {
    "name": "人口基础信息",
    "data_source": "户籍系统",
    "data_format": "数据库表",
    "update_cycle": "每日",
    "sharing_attribute": "conditional",
    "sharing_condition": "依据《居民身份证法》仅向执法部门共享",
    "opening_attribute": "not_open",
}


@pytest.mark.parametrize(
    "field",
    [
        "name",
        "data_source",
        "data_format",
        "update_cycle",
        "sharing_attribute",
        "sharing_condition",
        "opening_attribute",
    ],
)
def test_a_catalogue_entry_missing_an_attribute_is_refused_naming_it(world, field: str) -> None:
    before = _counts()
    with pytest.raises(InvalidInput) as refused:
        services.catalogue_entry_add(
            project=world.project("police"), by=world.police_staff, **{**CATALOGUE, field: ""}
        )
    assert refused.value.field == field
    assert _counts() == before


def test_an_unknown_sharing_attribute_is_refused(world) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.catalogue_entry_add(
            project=world.project("police"),
            by=world.police_staff,
            **{**CATALOGUE, "sharing_attribute": "sometimes"},
        )
    assert refused.value.field == "sharing_attribute" and "无条件共享" in refused.value.message


def test_unconditional_sharing_needs_no_condition(world) -> None:
    entry = services.catalogue_entry_add(
        project=world.project("police"),
        by=world.police_staff,
        **{**CATALOGUE, "sharing_attribute": "unconditional", "sharing_condition": ""},
    )
    assert entry.pk


def test_the_page_refuses_a_catalogue_entry_without_opening_attribute(world) -> None:
    project = world.projects["police"]
    data = {f"catalogue-{k}": v for k, v in CATALOGUE.items()}
    data["catalogue-opening_attribute"] = ""
    response = _client(world, "police_staff").post(
        reverse("applications:catalogue_entry_add", args=[project.pk]), data
    )
    assert response.status_code == 400
    assert 'data-field="opening_attribute"' in response.content.decode()
    assert CatalogueEntry.objects.count() == 0


def test_the_api_refuses_a_catalogue_entry_without_condition(world) -> None:
    response = _api(world, "police_staff").post(
        reverse("api:application-catalogue-entry-list", args=[world.projects["police"].pk]),
        {**CATALOGUE, "sharing_condition": ""},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "sharing_condition"
    assert CatalogueEntry.objects.count() == 0


def test_the_catalogue_entry_edit_page_saves(world) -> None:
    entry = services.catalogue_entry_add(
        project=world.project("police"), by=world.police_staff, **CATALOGUE
    )
    url = reverse("applications:catalogue_entry_edit", args=[entry.project_id, entry.pk])
    client = _client(world, "police_staff")
    assert client.get(url).status_code == 200
    data = {f"catalogue-{k}": v for k, v in CATALOGUE.items()}
    data["catalogue-update_cycle"] = "每月"
    assert client.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert entry.update_cycle == "每月"


# --- security ---------------------------------------------------------------------------------
@pytest.mark.parametrize("level", ["0", "6", "三", "2.5"])
def test_an_mlps_level_outside_one_to_five_is_refused(world, level: str) -> None:
    before = _counts()
    with pytest.raises(InvalidInput) as refused:
        services.security_profile_save(
            project=world.project("police"),
            mlps_level=level,
            crypto_plan="",
            crypto_planned=False,
            crypto_built=False,
            crypto_run=False,
            by=world.police_staff,
        )
    assert refused.value.field == "mlps_level"
    assert _counts() == before


def test_an_imported_product_without_controllability_explanation_is_refused(world) -> None:
    before = _counts()
    with pytest.raises(InvalidInput) as refused:
        services.product_item_add(
            project=world.project("police"),
            name="数据库",
            kind="software",
            vendor="Oracle",
            origin="imported",
            controllability="",
            by=world.police_staff,
        )
    assert refused.value.field == "controllability" and "第三十三条" in refused.value.message
    assert _counts() == before


def test_the_security_page_saves_the_three_synchronous_ticks(world) -> None:
    project = world.projects["police"]
    response = _client(world, "police_staff").post(
        reverse("applications:security_profile_save", args=[project.pk]),
        {
            "security-mlps_level": "3",
            "security-crypto_plan": "国密",
            "security-crypto_planned": "on",
            "security-crypto_built": "on",
            "security-crypto_run": "on",
        },
    )
    assert response.status_code == 302
    profile = SecurityProfile.objects.get()
    assert profile.mlps_level == 3 and profile.three_synchronous


def test_the_api_saves_the_security_profile_and_products(world) -> None:
    project = world.projects["police"]
    api = _api(world, "police_staff")
    saved = api.put(
        reverse("api:application-security-profile", args=[project.pk]),
        {
            "mlps_level": 3,
            "crypto_plan": "国密",
            "crypto_planned": True,
            "crypto_built": True,
            "crypto_run": True,
        },
        format="json",
    )
    assert saved.status_code == 200 and saved.json()["mlps_level_label"] == "第三级"
    product = api.post(
        reverse("api:application-product-item-list", args=[project.pk]),
        {"name": "服务器", "kind": "hardware", "vendor": "浪潮", "origin": "domestic"},
        format="json",
    )
    assert product.status_code == 201
    refused = api.post(
        reverse("api:application-product-item-list", args=[project.pk]),
        {"name": "数据库", "kind": "software", "vendor": "Oracle", "origin": "imported"},
        format="json",
    )
    assert refused.status_code == 400 and refused.json()["field"] == "controllability"


# --- co-builders ------------------------------------------------------------------------------
def _cobuilder(world, org: str = "education") -> CoBuilder:
    return services.cobuilder_add(
        project=world.project("police"),
        organisation=world.organisations[org],
        scope="学籍数据接口",
        duties="数据质量",
        sharing_needs="学籍信息",
        by=world.police_staff,
    )


def test_the_cobuilding_organisations_staff_confirms(world) -> None:
    cobuilder = services.cobuilder_confirm(cobuilder=_cobuilder(world), by=world.education_staff)
    assert cobuilder.confirmed and cobuilder.confirmed_by_id == world.users["education_staff"].pk
    assert Event.objects.filter(action="applications.cobuilder_confirm").exists()


def test_the_cobuilding_organisations_leader_may_confirm_too(world) -> None:
    assert services.cobuilder_confirm(cobuilder=_cobuilder(world), by=world.education_leader)


@pytest.mark.parametrize("persona", ["police_staff", "police_leader", "expert", "bdb_leader"])
def test_nobody_outside_the_cobuilding_organisations_unit_roles_confirms(
    world, persona: str
) -> None:
    cobuilder = _cobuilder(world)
    with pytest.raises(RuleViolation):
        services.cobuilder_confirm(cobuilder=cobuilder, by=world.persona(persona))
    cobuilder.refresh_from_db()
    assert not cobuilder.confirmed


def test_changing_the_scope_after_confirmation_resets_the_confirmation(world) -> None:
    cobuilder = services.cobuilder_confirm(cobuilder=_cobuilder(world), by=world.education_staff)
    services.cobuilder_update(
        cobuilder=cobuilder,
        scope="学籍与招生数据接口",
        duties="数据质量",
        sharing_needs="学籍信息",
        by=world.police_staff,
    )
    cobuilder.refresh_from_db()
    assert not cobuilder.confirmed and cobuilder.confirmed_by is None
    event = Event.objects.filter(action="applications.cobuilder_update").get()
    assert event.after["confirmation_reset"] is True


def test_saving_the_same_terms_keeps_the_confirmation(world) -> None:
    cobuilder = services.cobuilder_confirm(cobuilder=_cobuilder(world), by=world.education_staff)
    services.cobuilder_update(
        cobuilder=cobuilder,
        scope="学籍数据接口",
        duties="数据质量",
        sharing_needs="学籍信息",
        by=world.police_staff,
    )
    cobuilder.refresh_from_db()
    assert cobuilder.confirmed


@pytest.mark.parametrize(
    ("org", "words"),
    [("police", "牵头部门"), ("university", "适用范围"), ("evaluator", "适用范围")],
)
def test_the_owner_or_an_out_of_scope_organisation_cannot_be_a_cobuilder(
    world, org: str, words: str
) -> None:
    before = _counts()
    with pytest.raises(InvalidInput) as refused:
        _cobuilder(world, org)
    assert refused.value.field == "organisation" and words in refused.value.message
    assert _counts() == before


def test_a_cobuilder_is_added_once(world) -> None:
    _cobuilder(world)
    with pytest.raises(InvalidInput) as refused:
        _cobuilder(world)
    assert refused.value.field == "organisation"


def test_confirmation_closes_once_the_dossier_is_submitted(world) -> None:
    cobuilder = _cobuilder(world)
    Project.objects.filter(pk=cobuilder.project_id).update(state="submitted")
    with pytest.raises(RuleViolation):
        services.cobuilder_confirm(cobuilder=cobuilder, by=world.education_staff)


def test_the_cobuilder_confirms_on_the_page(world) -> None:
    cobuilder = _cobuilder(world)
    client = _client(world, "education_staff")
    page = client.get(reverse("applications:dossier", args=[cobuilder.project_id]))
    assert page.status_code == 200
    assert 'data-testid="confirm-cobuilder"' in page.content.decode()
    assert 'data-testid="read-only"' in page.content.decode()  # sees, confirms, edits nothing
    response = client.post(
        reverse("applications:cobuilder_confirm", args=[cobuilder.project_id, cobuilder.pk])
    )
    assert response.status_code == 302
    cobuilder.refresh_from_db()
    assert cobuilder.confirmed


def test_the_owner_cannot_confirm_on_the_page(world) -> None:
    cobuilder = _cobuilder(world)
    response = _client(world, "police_staff").post(
        reverse("applications:cobuilder_confirm", args=[cobuilder.project_id, cobuilder.pk])
    )
    assert response.status_code == 403


def test_the_cobuilder_confirms_through_the_api(world) -> None:
    cobuilder = _cobuilder(world)
    response = _api(world, "education_leader").post(
        reverse("api:application-cobuilder-confirm", args=[cobuilder.project_id, cobuilder.pk])
    )
    assert response.status_code == 200 and response.json()["confirmed"] is True


def test_the_api_refuses_confirmation_by_the_owner_citing_the_rule(world) -> None:
    cobuilder = _cobuilder(world)
    response = _api(world, "police_staff").post(
        reverse("api:application-cobuilder-confirm", args=[cobuilder.project_id, cobuilder.pk])
    )
    assert response.status_code == 409 and response.json()["article"] == 17


# --- county participants ----------------------------------------------------------------------
def _county(world, **overrides):
    values = {
        "jurisdiction": world.jurisdictions["371721"],
        "content": "县级前端点位建设",
        "construction_share_pct": "30",
        "om_share_pct": "40.5",
    }
    values.update(overrides)
    return services.county_participant_add(
        project=world.project("police"), by=world.police_staff, **values
    )


def test_a_county_takes_part_with_its_shares(world) -> None:
    participant = _county(world)
    assert participant.om_share_pct == Decimal("40.50")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("construction_share_pct", "101"),
        ("construction_share_pct", "-1"),
        ("om_share_pct", "33.333"),
        ("om_share_pct", "多"),
        ("content", ""),
    ],
)
def test_bad_county_input_is_refused_naming_the_field(world, field: str, value: str) -> None:
    before = _counts()
    with pytest.raises(InvalidInput) as refused:
        _county(world, **{field: value})
    assert refused.value.field == field
    assert _counts() == before


def test_the_city_itself_is_not_a_county_participant(world) -> None:
    with pytest.raises(InvalidInput) as refused:
        _county(world, jurisdiction=world.jurisdictions["371700"])
    assert refused.value.field == "jurisdiction"


def test_county_shares_may_not_exceed_one_hundred_percent_in_total(world) -> None:
    from govit.accounts.models import Jurisdiction

    dingtao = Jurisdiction.objects.create(
        code="371727",
        name="定陶区",
        level=Jurisdiction.Level.COUNTY,
        parent=world.jurisdictions["371700"],
    )
    _county(world, construction_share_pct="60")
    with pytest.raises(InvalidInput) as refused:
        _county(world, jurisdiction=dingtao, construction_share_pct="40.01")
    assert refused.value.field == "construction_share_pct"
    assert _county(world, jurisdiction=dingtao, construction_share_pct="40").pk


def test_the_api_adds_a_county_by_its_code(world) -> None:
    response = _api(world, "police_staff").post(
        reverse("api:application-county-participant-list", args=[world.projects["police"].pk]),
        {
            "jurisdiction": "371721",
            "content": "前端点位",
            "construction_share_pct": "20",
            "om_share_pct": "20",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["jurisdiction"] == {"code": "371721", "name": "曹县"}
