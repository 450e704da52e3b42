from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govit.accounts.models import User
from govit.accounts.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = (
        "签发或吊销个人 API 令牌。govit token 用户名：打印一个新令牌（只显示一次）；"
        "--list 列出；--revoke 前缀|all 吊销。/ Issue or revoke personal API tokens."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="用途说明 / what the token is for")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--list", action="store_true", help="列出该用户的令牌 / list tokens")
        group.add_argument(
            "--revoke", metavar="PREFIX|all", help="吊销前缀匹配的令牌或全部 / revoke"
        )

    def handle(
        self, *args: Any, username: str, name: str, list: bool, revoke: str | None, **options: Any
    ) -> None:
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"用户 {username} 不存在 / no such user") from None
        if list:
            for token in user.api_tokens.all():
                state = "已吊销" if token.revoked_at else "有效"
                self.stdout.write(
                    f"{token.key_prefix}\t{state}\t{token.created_at:%Y-%m-%d %H:%M}\t{token.name}"
                )
            return
        if revoke:
            tokens = user.api_tokens.active()
            if revoke != "all":
                tokens = tokens.filter(key_prefix__startswith=revoke)
            revoked = [api_token_revoke(token=t, reason="命令行吊销") for t in tokens]
            if not revoked:
                raise CommandError(f"没有匹配 {revoke} 的有效令牌 / no active token matches")
            self.stdout.write(f"已吊销 {len(revoked)} 个令牌 / revoked {len(revoked)} token(s)")
            return
        _token, raw = api_token_create(user=user, name=name)
        # The raw token alone on stdout, so that scripts can capture it.
        self.stdout.write(raw)
