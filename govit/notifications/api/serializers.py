"""Representations of the notification endpoints."""

from __future__ import annotations

from rest_framework import serializers

from govit.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    unread = serializers.BooleanField(source="is_unread", read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_label",
            "subject",
            "body",
            "link",
            "obligation",
            "created_at",
            "read_at",
            "unread",
        ]
        read_only_fields = fields


class ReadAllSerializer(serializers.Serializer[dict[str, int]]):
    marked = serializers.IntegerField(help_text="本次标记为已读的通知数")
    unread = serializers.IntegerField(help_text="剩余未读数（应为 0）")
