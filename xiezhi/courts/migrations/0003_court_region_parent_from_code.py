"""Data migration: courts created from judgment headers get the region and the parent court their
codes imply (京0105 → region 110105; 粤0703 → parent 粤07 when that court exists). See
xiezhi/courts/backfill.py; nothing already set is changed."""

from django.db import migrations


def forwards(apps, schema_editor):
    from xiezhi.courts.backfill import backfill_courts

    backfill_courts(apps.get_model("courts", "Court"))


class Migration(migrations.Migration):
    dependencies = [
        ("courts", "0002_court_anonymize_policy"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
