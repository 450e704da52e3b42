"""Fill the new ``Event.project_id`` index for the events written before it existed."""

from django.db import migrations

from govit.audit.backfill import backfill_project_ids


def forwards(apps, schema_editor):
    backfill_project_ids(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_event_project_id"),
    ]

    # Going back drops the column (0002), so there is nothing to undo here.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
