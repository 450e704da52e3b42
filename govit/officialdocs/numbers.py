"""发文字号 of receipts and notices: the format is data of the policy pack, the serial never
goes back.

``filing_receipt_number_format`` (菏泽: ``菏大数备〔{year}〕{seq}号``) and
``rectification_notice_number_format`` (``菏大数整〔{year}〕{seq}号``) are rules of the pack in
force for the project's jurisdiction, as the opinion number's format is
(``reviews.effects.opinion_number``); an administrator changes the organ's prefix on the
policy page, not in code.  Numbers run per year, per kind and per jurisdiction **of the pack
that supplies the format**: a county following the city's pack (Art. 39) shares the city's
sequence, so two bureaus never print the same number; once it has its own pack it has its
own sequence.
"""

from __future__ import annotations

from datetime import date

from govit.accounts.models import Jurisdiction
from govit.core.errors import InvalidInput
from govit.policy.packs import rule
from govit.projects.services import next_serial

from .models import DocumentKind

NUMBER_FORMAT_RULES = {
    DocumentKind.FILING_RECEIPT: "filing_receipt_number_format",
    DocumentKind.RECTIFICATION_NOTICE: "rectification_notice_number_format",
}


def serial_key(kind: str, pack_jurisdiction_code: str, year: int) -> str:
    return f"officialdoc:{kind}:{pack_jurisdiction_code}:{year}"


def next_document_number(kind: str, jurisdiction: Jurisdiction, on: date) -> str:
    """Take the next number of ``kind`` (call inside the issuing transaction)."""
    found = rule(jurisdiction, NUMBER_FORMAT_RULES[DocumentKind(kind)], on=on)
    number_format = found.as_text()
    seq = next_serial(serial_key(kind, found.pack.jurisdiction.code, on.year))
    try:
        return number_format.format(year=on.year, seq=seq)
    except (KeyError, IndexError, ValueError):
        raise InvalidInput(
            f"政策包中的{DocumentKind(kind).label}文号格式「{number_format}」有误，"
            "请系统管理员核对（可用 {year} 和 {seq}）",
            message_en=f"The policy pack's number format for {kind} is invalid",
        ) from None
