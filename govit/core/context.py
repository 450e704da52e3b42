"""Who is asking, from where: request facts that the history records without a request object.

Services never receive the request; the middleware puts the request id and client address
here, and ``audit.record`` reads them.  Outside a request (CLI, tasks) they are empty.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestFacts:
    request_id: str = ""
    client_ip: str | None = None


_NO_REQUEST = RequestFacts()  # frozen, so sharing it as the default is safe
_facts: ContextVar[RequestFacts] = ContextVar("govit_request_facts", default=_NO_REQUEST)


def current() -> RequestFacts:
    return _facts.get()


def bind(facts: RequestFacts) -> object:
    return _facts.set(facts)


def reset(token: object) -> None:
    _facts.reset(token)  # type: ignore[arg-type]
