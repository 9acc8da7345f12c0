"""The same grant to each of many lower unions, in one command (all or none).

    gonghui grant-batch --actor province_staff --from 1 --to-kind county --limit 56 \\
        --amount 100000 --memo "县级工会加强年工作经费补助"
"""

from django.core.management.base import BaseCommand, CommandError

from gonghui.accounts.models import User
from gonghui.campaigns import services
from gonghui.core.errors import ServiceError
from gonghui.core.money import parse_yuan, yuan


class Command(BaseCommand):
    help = (
        "Grant the same amount to each of many lower unions, from a federation's general "
        "funds: one ledger transaction, all grants or none. 批量下拨补助。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--actor", required=True, help="user name of the federation staff who makes the grant"
        )
        parser.add_argument(
            "--from", dest="from_org", type=int, required=True, help="ID of the granting federation"
        )
        parser.add_argument(
            "--to-kind", default="", help="every union of this kind under it (e.g. county)"
        )
        parser.add_argument("--to", default="", help="or: comma-separated union IDs")
        parser.add_argument("--limit", type=int, help="at most this many unions (tree order)")
        parser.add_argument("--amount", required=True, help="yuan to each union, e.g. 100000")
        parser.add_argument("--memo", required=True, help="what the grant is for")

    def handle(self, *args, actor: str, from_org, to_kind, to, limit, amount, memo, **options):
        user = User.objects.filter(username=actor, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {actor!r}")
        try:
            ids = [int(x) for x in to.split(",") if x.strip()] if to else None
            batch = services.grant_batch(
                actor=user,
                from_org_id=from_org,
                to_org_ids=ids,
                to_kind=to_kind,
                limit=limit,
                memo=memo,
                amount_each=parse_yuan(amount, field="amount_each"),
            )
        except ValueError as exc:
            raise CommandError("--to takes union IDs separated by commas") from exc
        except ServiceError as exc:
            detail = "; ".join(f"{k}: {', '.join(v)}" for k, v in exc.fields.items())
            raise CommandError(detail or str(exc.message)) from exc
        total = batch.amount_each * batch.count
        self.stdout.write(
            f"{batch.count} grants of {yuan(batch.amount_each)} yuan, "
            f"{yuan(total)} yuan in all (batch {batch.pk})."
        )
