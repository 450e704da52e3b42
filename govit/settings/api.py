"""Django REST framework and OpenAPI."""

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "govit.accounts.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "govit.core.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "GovIT 政务信息化项目综合管理平台 API",
    "DESCRIPTION": "所有接口均按当前用户的组织与角色限定数据范围。/ Every endpoint is scoped to the caller.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Deny by default: the schema and Swagger UI are for signed-in users (session or token).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models share these vocabularies; name each enum once in the schema.
    "ENUM_NAME_OVERRIDES": {
        "PlanStateEnum": "govit.planning.models.PlanState",
        "SystemCategoryEnum": "govit.policy.vocabulary.SystemCategory",
        "FundingModeEnum": "govit.policy.vocabulary.FundingMode",
        "CityPlanKindEnum": "govit.planning.models.CityPlan.Kind",
        "DepartmentPlanKindEnum": "govit.planning.models.DepartmentPlan.Kind",
        "DocumentKindEnum": "govit.applications.models.DocumentKind",
        "ProductKindEnum": "govit.applications.models.ProductKind",
        "HolidayKindEnum": "govit.policy.models.Holiday.Kind",
    },
}
