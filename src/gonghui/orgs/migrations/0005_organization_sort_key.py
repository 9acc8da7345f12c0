# The official order stored on each organization (orgs.models.official_sort_key) and its
# index: the organizations list pages by (sort_key, id), finding a page's ids by the index
# alone (its path is in it). Existing rows get their key
# before the index is built.

import gonghui.core.fields
from django.db import migrations, models


def fill(apps, schema_editor):
    from gonghui.orgs.models import refresh_sort_keys

    refresh_sort_keys(apps.get_model("orgs", "Organization").objects.all())


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0004_organization_name_en'),
    ]

    operations = [
        migrations.AddField(
            model_name='organization',
            name='sort_key',
            field=gonghui.core.fields.ByteOrderCharField(default='', editable=False, max_length=408, verbose_name='official order key'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='organization',
            index=models.Index(fields=['sort_key', 'id', 'path'], name='orgs_org_sort_key_id_path'),
        ),
    ]
