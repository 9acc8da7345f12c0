# Person's prefix indexes in byte order (COLLATE "C"), then the id: they serve the prefix
# search as varchar_pattern_ops did, and the order of a search's results too.

import gonghui.members.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0007_person_pinyin_order'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='person',
            name='members_person_name_idx',
        ),
        migrations.RemoveIndex(
            model_name='person',
            name='members_person_pinyin_idx',
        ),
        migrations.RemoveIndex(
            model_name='person',
            name='members_person_initials_idx',
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(gonghui.members.models.ByteOrder('name'), models.F('id'), name='members_person_name_c'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(gonghui.members.models.ByteOrder('name_pinyin'), models.F('id'), name='members_person_pinyin_c'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(gonghui.members.models.ByteOrder('name_initials'), models.F('id'), name='members_person_initials_c'),
        ),
    ]
