"""`gonghui import-members FILE --as USERNAME`: import a member register from a terminal."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gonghui.core import uploads
from gonghui.core.errors import ServiceError
from gonghui.core.progress import terminal_bar
from gonghui.members import importer


class Command(BaseCommand):
    help = (
        "Import a member register (.xlsx or .csv with Chinese or English column headers). "
        "Exits 1 when any row is bad, 2 when the whole file is refused. 批量导入会员名册。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="the acting user: rows may go only to unions in their subtree",
        )
        parser.add_argument(
            "--union",
            default="",
            help="id or credit code of the union every row goes to "
            "(else the 所在工会 column decides)",
        )
        parser.add_argument("--mode", choices=importer.MODES, default="all_or_nothing")
        parser.add_argument("--dry-run", action="store_true", help="check and report only")
        parser.add_argument(
            "--max-rows",
            type=int,
            default=None,
            help="stop past this many data rows (default: GONGHUI_IMPORT_MAX_ROWS; 0: no limit)",
        )

    def handle(self, *args, file, username, union, mode, dry_run, max_rows, **options):
        actor = get_user_model().objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(f"no active user {username!r}", returncode=2)
        try:
            target = importer.resolve_union(actor=actor, ref=union) if union else None
            report = importer.import_members(
                actor=actor,
                path=file,
                union=target,
                mode=mode,
                dry_run=dry_run,
                progress=terminal_bar(self.stderr),
                max_rows=uploads.row_limit() if max_rows is None else max_rows,
            )
        except ServiceError as exc:
            raise CommandError(str(exc.message), returncode=2) from exc
        finally:
            self.stderr.write("")  # end the progress bar's line
        self._report(report)
        if report.bad:
            raise CommandError(f"{len(report.bad)} bad row(s)", returncode=1)

    def _report(self, report: importer.ImportReport) -> None:
        for line, reason in report.bad:
            self.stdout.write(_("line %(line)s: %(reason)s") % {"line": line, "reason": reason})
        self.stdout.write(
            _("%(rows)s rows: %(imported)s imported, %(skipped)s already imported, %(bad)s bad.")
            % {
                "rows": report.rows,
                "imported": report.imported,
                "skipped": report.skipped,
                "bad": len(report.bad),
            }
        )
        if report.dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        elif report.bad and report.mode == "all_or_nothing":
            self.stdout.write(_("Nothing was written because of the bad rows (all or nothing)."))
