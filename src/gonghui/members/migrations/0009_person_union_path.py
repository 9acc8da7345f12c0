# Person.union_path, the path of the union of the person's active membership, rides at the
# end of the name indexes: a county's search skips another county's namesakes inside the
# index (members.selectors.member_list). And an index of the gig workers by kind of work
# and id: the summary's gig sheets read their first rows from it (Figure.drill_order). And
# memberships by end date: an open period's members are carried from the last closed
# month's roll-up, less those ended since (core.figures.rolled_forward).
# Made for a table of ten million people: the column is added without a rewrite (a
# constant default), filled in batches of its own transaction each (one join a batch, not
# a subquery a row), and the indexes are built and dropped CONCURRENTLY on PostgreSQL (so
# the migration is not atomic), the new ones before the old ones go.

from django.db import migrations, models, transaction

import gonghui.members.models
from gonghui.core.schema import AddIndexConcurrently, RemoveIndexConcurrently

BATCH = 100_000
GIG_KINDS = ["truck_driver", "ride_hail", "courier", "delivery_rider", "other_gig"]


def fill_union_paths(apps, schema_editor):
    Person = apps.get_model("members", "Person")
    Membership = apps.get_model("members", "Membership")
    Organization = apps.get_model("orgs", "Organization")
    connection = schema_editor.connection
    top = Person.objects.using(connection.alias).aggregate(top=models.Max("pk"))["top"] or 0
    # At most one active membership a person (a constraint), so the join gives one path.
    statement = (
        f"UPDATE {Person._meta.db_table} SET union_path = o.path "
        f"FROM {Membership._meta.db_table} m JOIN {Organization._meta.db_table} o "
        f"ON o.id = m.union_id WHERE m.person_id = {Person._meta.db_table}.id "
        "AND m.status = 'active' AND m.person_id >= %s AND m.person_id < %s"
    )
    for start in range(0, top + 1, BATCH):
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(statement, [start, start + BATCH])


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
        ("orgs", "0007_organization_depth_sort_key_index"),
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
        AddIndexConcurrently(
            model_name="person",
            index=models.Index(
                condition=models.Q(work_kind__in=GIG_KINDS),
                fields=["work_kind", "id"],
                name="members_person_gig",
            ),
        ),
        AddIndexConcurrently(
            model_name="membership",
            index=models.Index(fields=["ended_on"], name="members_mem_ended_o_bb2b62_idx"),
        ),
    ]
