# The open month's new members (members.new, members.gig_new) are a range of joined_on.
# Built without locking the register's writers (CREATE INDEX CONCURRENTLY, outside a
# transaction on PostgreSQL; core.schema): about 10 s at 10 M memberships.
from django.db import migrations, models

from gonghui.core.schema import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("members", "0009_person_union_path"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="membership",
            index=models.Index(fields=["joined_on"], name="members_membership_joined_on"),
        ),
    ]
