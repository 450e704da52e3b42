from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "govit.notifications"
    verbose_name = "通知与提醒"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .context import count_on_login

        # The header badge's count is taken at sign-in, so the first page costs no query.
        user_logged_in.connect(count_on_login, dispatch_uid="notifications.count_on_login")
