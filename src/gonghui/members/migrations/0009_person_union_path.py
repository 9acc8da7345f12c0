# Person.union_path, the path of the union of the person's active membership, rides at the
# end of the name indexes: a county's search skips another county's namesakes inside the
# index (members.selectors.member_list). Made for a table of ten million people: the
# column is added without a rewrite (a constant default), filled in batches of its own
# transaction each, and the indexes are built and dropped CONCURRENTLY on PostgreSQL (so
# the migration is not atomic), the new ones before the old ones go.

from django.db import migrations, models, transaction
from django.db.models.functions import Coalesce

import gonghui.members.models
from gonghui.core.schema import AddIndexConcurrently, RemoveIndexConcurrently

BATCH = 20_000


def fill_union_paths(apps, schema_editor):
    Person = apps.get_model("members", "Person")
    Membership = apps.get_model("members", "Membership")
    alias = schema_editor.connection.alias
    active = Membership.objects.using(alias).filter(
        person_id=models.OuterRef("pk"), status="active"
    ).values("union__path")[:1]
    top = Person.objects.using(alias).aggregate(top=models.Max("pk"))["top"] or 0
    for start in range(0, top + 1, BATCH):
        with transaction.atomic(using=alias):
            Person.objects.using(alias).filter(
                pk__gte=start, pk__lt=start + BATCH, memberships__status="active"
            ).update(union_path=Coalesce(models.Subquery(active), models.Value("")))


def index(column, name):
    return models.Index(
        gonghui.members.models.ByteOrder(column),
        models.F("id"),
        gonghui.members.models.ByteOrder("union_path"),
        name=name,
    )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("members", "0008_person_search_order_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="union_path",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=255,
                verbose_name="active membership's union path",
            ),
        ),
        migrations.RunPython(fill_union_paths, migrations.RunPython.noop),
        AddIndexConcurrently(model_name="person", index=index("name", "members_person_name_path")),
        AddIndexConcurrently(
            model_name="person", index=index("name_pinyin", "members_person_pinyin_path")
        ),
        AddIndexConcurrently(
            model_name="person", index=index("name_initials", "members_person_initials_path")
        ),
        RemoveIndexConcurrently(model_name="person", name="members_person_name_c"),
        RemoveIndexConcurrently(model_name="person", name="members_person_pinyin_c"),
        RemoveIndexConcurrently(model_name="person", name="members_person_initials_c"),
    ]
