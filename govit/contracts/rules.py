"""Guards of the procurement stage, ``(project, user) -> Decision``, each citing its article.

``govit/projects/workflow.py`` names ``contract_recorded`` as a guard of ``start_construction``
(procurement → in_construction).
"""

from __future__ import annotations

from typing import Any

from govit.core.decisions import ALLOW, Decision, deny

from .models import Contract, ContractKind


def contract_recorded(project: Any, user: Any) -> Decision:
    """Art. 15, 16: construction starts on a signed main (construction) contract, on record."""
    if not Contract.objects.filter(project=project, kind=ContractKind.CONSTRUCTION).exists():
        return deny(
            "尚未登记建设合同：请先在「合同备案」页面登记已签订的建设合同（上传签字盖章的合同文本），"
            "再开工建设",
            16,
            en="No construction contract is on record: record the signed construction contract "
            "on the contracts page first",
        )
    return ALLOW
