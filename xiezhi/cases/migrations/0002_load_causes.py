"""Load the cause-of-action reference table; rerunning adds only rows that are new."""

from django.db import migrations

from xiezhi.cases.causes import load_causes


def forward(apps, schema_editor):
    load_causes(apps.get_model("cases", "CauseOfAction"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
