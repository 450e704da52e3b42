"""The permanent project code (项目编码), modelled on the national investment-project code.

Layout: ``YYYY-DDDDDD-OOO-CC-NNNNNN-K``

- ``YYYY``    year the project was created
- ``DDDDDD``  6-digit administrative division code of the jurisdiction (371700 for Heze)
- ``OOO``     3-digit code of the owning department within that jurisdiction
- ``CC``      system category of Art. 2 (01–06)
- ``NNNNNN``  serial, per year and jurisdiction, never reused
- ``K``       check digit: ISO 7064 MOD 11,10 over the 21 preceding digits

ISO 7064 MOD 11,10 (a "hybrid" system, as used in the Chinese organisation code family)
catches every single-digit error and every transposition of adjacent digits, and its check
character is always a digit 0–9:

    p = 10
    for each digit d:  s = (p + d) mod 10, with 0 read as 10;  p = (2 * s) mod 11
    check = (11 - p) mod 10
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CODE_PATTERN = re.compile(r"^(\d{4})-(\d{6})-(\d{3})-(\d{2})-(\d{6})-(\d)$")


def mod11_10_check_digit(digits: str) -> int:
    if not digits.isdigit():
        raise ValueError("check digit is computed over digits only")
    product = 10
    for char in digits:
        total = (product + int(char)) % 10 or 10
        product = (2 * total) % 11
    return (11 - product) % 10


@dataclass(frozen=True)
class ProjectCode:
    year: int
    division: str
    department: str
    category: str
    serial: int

    @property
    def body(self) -> str:
        return f"{self.year:04d}{self.division}{self.department}{self.category}{self.serial:06d}"

    @property
    def check_digit(self) -> int:
        return mod11_10_check_digit(self.body)

    def __str__(self) -> str:
        return (
            f"{self.year:04d}-{self.division}-{self.department}-{self.category}-"
            f"{self.serial:06d}-{self.check_digit}"
        )


class InvalidProjectCode(ValueError):
    pass


def parse_project_code(text: str) -> ProjectCode:
    """Parse and validate a code; raises ``InvalidProjectCode`` with a Chinese message."""
    match = CODE_PATTERN.match(text.strip())
    if not match:
        raise InvalidProjectCode("项目编码格式应为 YYYY-DDDDDD-OOO-CC-NNNNNN-K")
    year, division, department, category, serial, check = match.groups()
    code = ProjectCode(int(year), division, department, category, int(serial))
    if code.check_digit != int(check):
        raise InvalidProjectCode(f"项目编码校验位错误（应为 {code.check_digit}），请核对是否抄错")
    return code
