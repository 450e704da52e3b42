"""Jurisdictions, organisations, users, roles and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language

from .roles import ADMIN_ROLES, ROLE_LABELS_EN, Role


class Jurisdiction(models.Model):
    """A city or county (县区) with its 6-digit administrative division code."""

    class Level(models.TextChoices):
        CITY = "city", "市级"
        COUNTY = "county", "县区级"

    code = models.CharField(
        "行政区划代码",
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", "行政区划代码应为 6 位数字")],
    )
    name = models.CharField("名称", max_length=50)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = "行政区域"
        verbose_name_plural = "行政区域"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A government organisation (Art. 2 type) with its function in the measures (Art. 4)."""

    class Type(models.TextChoices):
        PARTY = "party", "党的机关"
        CONGRESS = "congress", "人大机关"
        ADMINISTRATIVE = "administrative", "行政机关"
        CPPCC = "cppcc", "政协机关"
        SUPERVISORY = "supervisory", "监察机关"
        COURT = "court", "审判机关"
        PROCURATORATE = "procuratorate", "检察机关"
        MASS = "mass", "群团机关"
        DEMOCRATIC_PARTY = "democratic_party", "民主党派机关"
        COMMERCE_FEDERATION = "commerce_federation", "工商联"
        PUBLIC_INSTITUTION = "public_institution", "事业单位"
        # Known to the system but outside the measures' scope (Art. 2): never applicants.
        UNIVERSITY = "university", "市属高校"
        PUBLIC_HOSPITAL = "public_hospital", "公立医院"
        # Not a government organ at all: third-party evaluators and the like.
        ENTERPRISE = "enterprise", "企业或社会组织"

    OUT_OF_SCOPE_TYPES = frozenset({Type.UNIVERSITY, Type.PUBLIC_HOSPITAL, Type.ENTERPRISE})

    class Function(models.TextChoices):
        DEPARTMENT = "department", "一般部门（建设单位）"
        BDB = "bdb", "大数据局"
        NDRC = "ndrc", "发展改革委"
        FINANCE = "finance", "财政局"
        AUDIT = "audit", "审计局"
        SECRECY = "secrecy", "保密局"
        CRYPTO = "crypto", "密码管理部门"
        LEADING_GROUP = "leading_group", "专项小组"
        EVALUATOR = "evaluator", "第三方评价机构"

    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=30, blank=True)
    code = models.CharField(
        "部门代码",
        max_length=3,
        validators=[RegexValidator(r"^\d{3}$", "部门代码应为 3 位数字")],
        help_text="项目编码中的部门段，同一行政区域内唯一",
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name="行政区域",
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    org_type = models.CharField("机构类型（第二条）", max_length=30, choices=Type.choices)
    function = models.CharField(
        "职能", max_length=20, choices=Function.choices, default=Function.DEPARTMENT
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "组织机构"
        verbose_name_plural = "组织机构"
        ordering = ["jurisdiction__code", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "code"], name="org_code_unique_in_jurisdiction"
            ),
            models.UniqueConstraint(
                fields=["jurisdiction", "name"], name="org_name_unique_in_jurisdiction"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def in_scope(self) -> bool:
        """Whether the measures apply to it (Art. 2): universities and hospitals are out."""
        return self.org_type not in self.OUT_OF_SCOPE_TYPES


class GovitUserManager(UserManager["User"]):
    def get_queryset(self) -> models.QuerySet[User]:
        return super().get_queryset().select_related("organisation__jurisdiction")


class User(AbstractUser):
    """A person: one organisation, one or more roles."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="所属组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    language = models.CharField(
        "界面语言",
        max_length=10,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
        default="zh-hans",
    )

    objects = GovitUserManager()  # type: ignore[misc]  # narrower manager, same contract

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def role_codes(self) -> frozenset[str]:
        if not self.is_active or self.pk is None:
            return frozenset()
        return frozenset(self.role_assignments.values_list("role", flat=True))

    @cached_property
    def effective_roles(self) -> frozenset[str]:
        """Roles that take effect.  三员分立: a user holding an administrator role acts only
        as that administrator, even if a business role was granted by mistake, so no
        administrator can ever change a business record."""
        admin_roles = self.role_codes & ADMIN_ROLES
        return frozenset(admin_roles) if admin_roles else self.role_codes

    def has_role(self, role: str) -> bool:
        return role in self.effective_roles

    def has_any_role(self, *roles: str) -> bool:
        return bool(self.effective_roles.intersection(roles))

    @property
    def is_administrator(self) -> bool:
        """One of the three administrators (三员), who may not change business records."""
        return bool(self.effective_roles & ADMIN_ROLES)

    @property
    def role_labels(self) -> list[str]:
        """Labels of the roles in effect, in the user's language."""
        english = (get_language() or "").startswith("en")
        return [
            ROLE_LABELS_EN[Role(code)] if english else Role(code).label
            for code in sorted(self.effective_roles)
        ]

    @property
    def jurisdiction(self) -> Jurisdiction | None:
        return self.organisation.jurisdiction if self.organisation else None


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField("授予时间", default=timezone.now)

    class Meta:
        verbose_name = "角色授予"
        verbose_name_plural = "角色授予"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="user_role_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


def _digest(raw: str) -> str:
    return hashlib.new("sm3", raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal API token.  Only its SM3 digest is stored; the token is shown once."""

    PREFIX = "govit_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100, blank=True)
    key_prefix = models.CharField("前缀", max_length=14, help_text="令牌前几位，便于辨认")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.key_prefix}… ({self.user})"

    @classmethod
    def generate(cls) -> tuple[str, str, str]:
        """Return (raw token, prefix, digest)."""
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        return raw, raw[:14], _digest(raw)

    @classmethod
    def digest_of(cls, raw: str) -> str:
        return _digest(raw)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class SavedFilter(models.Model):
    """A user's named filter of one list (``list_key``: "projects", "contracts" …): the query
    string of the list page, without its cursor.  Only its owner sees and deletes it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="saved_filters")
    list_key = models.CharField("列表", max_length=40)
    name = models.CharField("名称", max_length=60)
    query = models.CharField("筛选条件", max_length=1000, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "常用筛选"
        verbose_name_plural = "常用筛选"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "list_key", "name"], name="saved_filter_name_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.list_key}）"
