"""Vocabulary of the measures used by several apps (Art. 2)."""

from django.db import models


class SystemCategory(models.TextChoices):
    """System categories of Art. 2; the two-digit code is the category segment of the project code."""

    NETWORK = "01", "电子政务网络"
    BUSINESS_SYSTEM = "02", "业务信息系统"
    RESOURCE_DATABASE = "03", "信息资源库"
    SECURITY_INFRASTRUCTURE = "04", "信息安全与应用支撑基础设施"
    STANDARDS = "05", "政务标准体系"
    SUPPORT = "06", "相关支撑体系"


class FundingMode(models.TextChoices):
    """How the system is funded (Art. 2)."""

    GOVERNMENT_INVESTMENT = "gov_investment", "政府投资建设"
    GOVERNMENT_ENTERPRISE = "gov_enterprise", "政企联合建设"
    PURCHASED_SERVICE = "purchased_service", "政府购买服务"
    GOVERNMENT_OM = "gov_om", "政府资金运维"
