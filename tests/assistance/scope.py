"""Scope matrix entries of the public notice of aid and its objections (issue 11 item 5;
loaded by tests/scope.py)."""

from tests.scope import Listing, ScopedThing, Write, _html_has, _make_aid_application, register


def _make_notice(world, org):
    from datetime import timedelta

    from django.utils import timezone

    from gonghui.assistance.models import AidApplication, PublicNotice

    application = _make_aid_application(world, org)
    AidApplication.objects.filter(pk=application.pk).update(
        status="approved", approved_amount=300000
    )
    today = timezone.localdate()
    return PublicNotice.objects.create(
        application=application,
        union=application.union,
        name_masked="申**",
        kind=application.kind,
        amount=300000,
        starts_on=today,
        ends_on=today + timedelta(days=4),
    )


register(
    ScopedThing(name="public notice of aid", model="assistance.PublicNotice", make=_make_notice)
)


def _make_objection(world, org):
    from gonghui.assistance.models import Objection

    notice = _make_notice(world, org)
    return Objection.objects.create(notice=notice, text="情况不属实", filed_by=world.member)


def _open(o) -> bool:
    return type(o).objects.get(pk=o.pk).status == "open"


register(
    ScopedThing(
        name="objection to aid",
        model="assistance.Objection",
        make=_make_objection,
        listings=[
            Listing(
                lambda o: "/aid/objections/?status=open", _html_has(lambda o: f'data-id="{o.pk}"')
            )
        ],
        writes=[
            Write(
                "post",
                lambda o: f"/aid/objections/{o.pk}/resolve/",
                lambda o: {"outcome": "dismissed", "resolution": "经核实不属实"},
                302,
                _open,
            )
        ],
    )
)
