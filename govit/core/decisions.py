"""A permission or rule answer that carries its reason and the article it applies."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language


def article_label(article: int | str | None) -> str:
    """``16`` → ``第十六条`` (the way the measures cite themselves)."""
    if article is None or article == "":
        return ""
    if isinstance(article, str) and not article.isdigit():
        return article
    return f"第{chinese_number(int(article))}条"


_DIGITS = "零一二三四五六七八九"


def chinese_number(number: int) -> str:
    """Chinese numerals for 0–99, enough for article numbers."""
    if not 0 <= number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    if tens == 0:
        return _DIGITS[ones]
    prefix = "" if tens == 1 else _DIGITS[tens]
    return f"{prefix}十{_DIGITS[ones] if ones else ''}"


@dataclass(frozen=True)
class Decision:
    """``Decision(False, "未完成事前绩效评估", article=8)``.

    ``reason`` is the Chinese sentence shown to users; ``reason_en`` its English version for
    the API.  ``article`` is the article of the measures that the rule applies, if any.
    """

    allowed: bool
    reason: str = ""
    article: int | str | None = None
    reason_en: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def citation(self) -> str:
        label = article_label(self.article)
        return f"依据{label}" if label else ""

    @property
    def message(self) -> str:
        """``未完成事前绩效评估（第八条）`` — reason with its article, as the UI shows it."""
        label = article_label(self.article)
        return f"{self.reason}（{label}）" if label else self.reason

    @property
    def display_message(self) -> str:
        """The message in the user's language (English falls back to Chinese if untranslated)."""
        if (get_language() or "").startswith("en") and self.reason_en:
            suffix = f" (Art. {self.article})" if self.article not in (None, "") else ""
            return self.reason_en + suffix
        return self.message

    def as_dict(self) -> dict[str, object]:
        return {
            "allowed": self.allowed,
            "reason": self.reason,
            "reason_en": self.reason_en,
            "article": self.article,
            "message": self.message,
        }


ALLOW = Decision(True)


def deny(reason: str, article: int | str | None = None, *, en: str = "") -> Decision:
    return Decision(False, reason, article, en)
