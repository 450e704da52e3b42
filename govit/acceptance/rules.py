"""Guards of the acceptance stage, ``(project, user) -> Decision``, each citing its article.

Named by path in ``govit/projects/workflow.py``:

- pass_acceptance: ``security_and_crypto_results`` (33) — the current round carries an MLPS
  assessment result and a cryptography evaluation result, neither concluding 不符合.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from govit.core.decisions import ALLOW, Decision, deny
from govit.core.errors import ServiceError
from govit.policy.packs import rule

from .models import Conclusion
from .selectors import current_round, latest_crypto, latest_mlps

MLPS_LABEL = "等级保护测评结果"
CRYPTO_LABEL = "密码应用安全性评估结果"


def _results_required(project: Any) -> bool:
    """The pack's ``acceptance_requires_security_and_crypto`` (Art. 33, 40): a pack may turn
    the requirement off; a missing or broken parameter keeps it on (the measures' default)."""
    try:
        return rule(
            project.jurisdiction, "acceptance_requires_security_and_crypto", on=timezone.localdate()
        ).as_bool()
    except ServiceError:
        return True


def security_and_crypto_results(project: Any, user: Any) -> Decision:
    """Art. 33: security review and cryptography are key content of acceptance — no pass
    without the MLPS result and the crypto result, and none of them 不符合."""
    application = current_round(project)
    if application is None:
        return deny("尚未提交验收申请", 23, en="No acceptance application has been filed")
    if not _results_required(project):
        return ALLOW
    mlps, crypto = latest_mlps(application), latest_crypto(application)
    missing = [
        (label, en)
        for label, en, result in (
            (MLPS_LABEL, "the MLPS assessment result", mlps),
            (CRYPTO_LABEL, "the cryptography evaluation result", crypto),
        )
        if result is None
    ]
    if missing:
        return deny(
            f"缺少{'和'.join(label for label, _ in missing)}，不能通过验收",
            33,
            en=f"Acceptance cannot pass without {' and '.join(en for _, en in missing)}",
        )
    for label, en, result in (
        ("等级保护测评", "The MLPS assessment", mlps),
        ("密码应用安全性评估", "The cryptography evaluation", crypto),
    ):
        if result is not None and result.conclusion == Conclusion.NOT_CONFORMS:
            return deny(
                f"{label}结论为「不符合」，整改并重新测评合格前不能通过验收",
                33,
                en=f"{en} concluded 'not conforming': rectify and re-assess before acceptance",
            )
    return ALLOW
