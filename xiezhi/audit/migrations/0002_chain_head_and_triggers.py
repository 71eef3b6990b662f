"""Create the chain head row and the database triggers that keep the audit table append-only."""

from django.db import migrations

from xiezhi.audit.chain import GENESIS_HASH
from xiezhi.audit.db import drop_triggers, install_triggers


def create_head(apps, schema_editor):
    head_model = apps.get_model("audit", "AuditChainHead")
    head_model.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH, "last_entry_id": 0})


def remove_head(apps, schema_editor):
    apps.get_model("audit", "AuditChainHead").objects.filter(pk=1).delete()


def triggers_forward(apps, schema_editor):
    install_triggers(schema_editor)


def triggers_backward(apps, schema_editor):
    drop_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(create_head, remove_head),
        migrations.RunPython(triggers_forward, triggers_backward),
    ]
