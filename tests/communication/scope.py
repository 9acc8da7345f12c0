"""Scope entries of reaching people: notices, notices received, surveys (questions,
responses, answers) and news items (tests/scope.py explains the matrix).

A union acts through the staff AT it (communication.services.acts_for): an upper
federation sees what a lower union received or submitted but does not act for it, so
the writes say `may=_acts_at(...)` and answer 400 (or a page's 302/400) to one who sees
but may not, 404 to one who does not see.
"""

import json
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.accounts.models import WRITING_ROLES
from gonghui.orgs.models import FEDERATION_KINDS, OrgKind

from ..factories import id_number, make_org
from ..scope import (
    DENIED_API,
    DENIED_PAGE,
    Listing,
    Read,
    ScopedThing,
    Write,
    _api_ids,
    _clerk,
    _html_has,
    register,
)


def _acts_at(org_of):
    return lambda user, obj: any(
        r.kind in WRITING_ROLES and r.organization_id == org_of(obj).pk for r in user.roles.all()
    )


def _federation_above(org):
    """The nearest federation at or above `org`."""
    while org.kind not in FEDERATION_KINDS and org.parent is not None:
        org = org.parent
    return org


def _below(org):
    """A grassroots union below `org` that no persona's role is bound to."""
    return make_org(f"{org.name}下属工会{org.pk}", OrgKind.GRASSROOTS, org, org.region_id)


def _pdf(name="scope.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n% scope matrix\n", content_type="application/pdf")


# ---- notices ---------------------------------------------------------------------------


def _make_notice(world, org):
    from gonghui.communication.models import Delivery, Notice

    notice = Notice(
        union=org,
        title=f"{org.name}关于主题阅读的通知{org.pk}",
        body="<p>请认真组织。</p>",
        levels=["grassroots"],
        sent_by=_clerk(),
        attachment_name="方案.pdf",
    )
    notice.attachment.save("scope.pdf", _pdf(), save=False)
    notice.save()
    Delivery.objects.create(notice=notice, union=_below(org))
    return notice


def _no_new_notice(n) -> bool:
    return not type(n).objects.filter(title="矩阵通知").exists()


register(
    ScopedThing(
        name="notice",
        model="communication.Notice",
        make=_make_notice,
        reads=[
            Read(lambda n: f"/api/v1/notices/{n.pk}", DENIED_API),
            Read(lambda n: f"/notices/{n.pk}/", DENIED_PAGE),
            Read(lambda n: f"/notices/{n.pk}/attachment", DENIED_PAGE),
            Read(lambda n: f"/api/v1/notices?under_id={n.union_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda n: "/api/v1/notices?limit=500", _api_ids),
            Listing(lambda n: "/notices/", _html_has(lambda n: n.title)),
            Listing(lambda n: "/notices/?export=csv", _html_has(lambda n: n.title)),
        ],
        writes=[
            Write(
                "post",
                lambda n: "/api/v1/notices",
                lambda n: (
                    {
                        "union_id": n.union_id,
                        "title": "矩阵通知",
                        "body": "<p>x</p>",
                        "levels": ["grassroots"],
                    }
                    if n.union.kind in FEDERATION_KINDS
                    else None
                ),
                201,
                _no_new_notice,
                may=_acts_at(lambda n: n.union),
                denied={400, 404},
            ),
        ],
    )
)


def _make_delivery(world, org, *, reported=False):
    from gonghui.communication.models import Delivery, Notice

    _below(org)  # somewhere to forward to
    notice = Notice.objects.create(
        union=org.parent or org,
        title=f"发往{org.name}的通知{org.pk}",
        body="<p>请于月底前反馈。</p>",
        levels=[org.kind],
        report_required=True,
        report_due=timezone.localdate() + timedelta(days=7),
        sent_by=_clerk(),
    )
    delivery = Delivery(notice=notice, union=org)
    if reported:
        delivery.read_at = delivery.reported_at = timezone.now()
        delivery.report_text = "已落实"
        delivery.report_file_name = "落实情况.pdf"
        delivery.report_file.save("scope.pdf", _pdf(), save=False)
    delivery.save()
    return delivery


def _unread(d) -> bool:
    return type(d).objects.get(pk=d.pk).read_at is None


def _unreported(d) -> bool:
    return type(d).objects.get(pk=d.pk).reported_at is None


def _not_forwarded(d) -> bool:
    return type(d).objects.get(pk=d.pk).forwarded_as_id is None


def _forwardable(payload):
    return lambda d: payload if d.union.kind in FEDERATION_KINDS else None


_ACTS = _acts_at(lambda d: d.union)

register(
    ScopedThing(
        name="notice received",
        model="communication.Delivery",
        make=_make_delivery,
        reads=[
            Read(lambda d: f"/api/v1/notices/received/{d.pk}", DENIED_API),
            Read(lambda d: f"/notices/received/{d.pk}/", DENIED_PAGE),
            Read(lambda d: f"/notices/{d.notice_id}/", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda d: f"/api/v1/notices/received?notice_id={d.notice_id}", _api_ids),
            Listing(lambda d: "/api/v1/notices/received?limit=500", _api_ids),
            Listing(
                lambda d: "/notices/received/",
                _html_has(lambda d: f'href="/notices/received/{d.pk}/"'),
            ),
            Listing(lambda d: "/notices/received/?export=csv", _html_has(lambda d: d.notice.title)),
        ],
        writes=[
            Write(
                "post",
                lambda d: f"/api/v1/notices/received/{d.pk}/read",
                lambda d: {},
                200,
                _unread,
                may=_ACTS,
                denied={400, 404},
            ),
            Write(
                "post",
                lambda d: f"/notices/received/{d.pk}/read/",
                lambda d: {},
                302,
                _unread,
                may=_ACTS,
                denied={302, 404},
            ),
            Write(
                "post",
                lambda d: f"/api/v1/notices/received/{d.pk}/report",
                lambda d: {"text": "已落实"},
                200,
                _unreported,
                may=_ACTS,
                denied={400, 404},
            ),
            Write(
                "post",
                lambda d: f"/notices/received/{d.pk}/report/",
                lambda d: {"text": "已落实", "file": _pdf()},
                302,
                _unreported,
                may=_ACTS,
                denied={400, 404},
            ),
            Write(
                "post",
                lambda d: f"/api/v1/notices/received/{d.pk}/forward",
                _forwardable({"addition": "<p>补充</p>", "levels": ["grassroots"]}),
                201,
                _not_forwarded,
                may=_ACTS,
                denied={400, 404},
            ),
            Write(
                "post",
                lambda d: f"/notices/received/{d.pk}/forward/",
                _forwardable({"addition": "补充", "levels": ["grassroots"]}),
                302,
                _not_forwarded,
                may=_ACTS,
                denied={400, 404},
            ),
        ],
    )
)

register(
    ScopedThing(
        name="report back on a notice",
        make=lambda world, org: _make_delivery(world, org, reported=True),
        reads=[Read(lambda d: f"/notices/received/{d.pk}/file", DENIED_PAGE)],
    )
)


# ---- surveys ---------------------------------------------------------------------------


def _make_survey(world, org, status="draft"):
    from gonghui.communication.models import Answer, Question, Response, Survey

    survey = Survey.objects.create(
        union=org, title=f"{org.name}职工思想状况调查{org.pk}", status=status, created_by=_clerk()
    )
    question = Question.objects.create(
        survey=survey, position=1, kind="single", text="满意吗？", choices=["满意", "不满意"]
    )
    response = Response.objects.create(
        survey=survey, respondent=f"scope-{survey.pk}", union=org, region="210100"
    )
    Answer.objects.create(response=response, question=question, value=0)
    return survey


def _status_is(status):
    return lambda s: type(s).objects.get(pk=s.pk).status == status


_SURVEY_ACTS = _acts_at(lambda s: s.union)


def _results_has(count_of):
    return lambda body, obj: json.loads(body)["responses"] == count_of(obj)


register(
    ScopedThing(
        name="survey",
        model="communication.Survey",
        make=_make_survey,
        reads=[
            Read(lambda s: f"/api/v1/surveys/{s.pk}", DENIED_API),
            Read(lambda s: f"/surveys/{s.pk}/", DENIED_PAGE),
            Read(lambda s: f"/surveys/{s.pk}/results.xlsx", DENIED_PAGE),
            Read(lambda s: f"/api/v1/surveys/{s.pk}/results", DENIED_API),
            Read(lambda s: f"/api/v1/surveys/{s.pk}/results.xlsx", DENIED_API),
            Read(
                lambda s: (
                    f"/api/v1/surveys/{s.pk}/crosstab?question_id="
                    f"{s.questions.get().pk}&dimension=region"
                ),
                DENIED_API,
            ),
            Read(lambda s: f"/api/v1/surveys?under_id={s.union_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda s: "/api/v1/surveys?limit=500", _api_ids),
            Listing(lambda s: "/surveys/", _html_has(lambda s: s.title)),
            Listing(lambda s: "/surveys/?export=csv", _html_has(lambda s: s.title)),
        ],
        writes=[
            Write(
                "post",
                lambda s: f"/api/v1/surveys/{s.pk}/open",
                lambda s: {},
                200,
                _status_is("draft"),
                may=_SURVEY_ACTS,
                denied={400, 404},
            ),
            Write(
                "post",
                lambda s: f"/surveys/{s.pk}/open/",
                lambda s: {},
                302,
                _status_is("draft"),
                may=_SURVEY_ACTS,
                denied={302, 404},
            ),
        ],
    )
)

register(
    ScopedThing(
        name="open survey",
        make=lambda world, org: _make_survey(world, org, status="open"),
        writes=[
            Write(
                "post",
                lambda s: f"/api/v1/surveys/{s.pk}/close",
                lambda s: {},
                200,
                _status_is("open"),
                may=_SURVEY_ACTS,
                denied={400, 404},
            ),
            Write(
                "post",
                lambda s: f"/surveys/{s.pk}/close/",
                lambda s: {},
                302,
                _status_is("open"),
                may=_SURVEY_ACTS,
                denied={302, 404},
            ),
        ],
    )
)


def _question_listed(body, q) -> bool:
    return any(item["id"] == q.pk for item in json.loads(body)["questions"])


register(
    ScopedThing(
        name="survey question",
        model="communication.Question",
        make=lambda world, org: _make_survey(world, org).questions.get(),
        listings=[Listing(lambda q: f"/api/v1/surveys/{q.survey_id}", _question_listed)],
    )
)

register(
    ScopedThing(
        name="survey response",
        model="communication.Response",
        make=lambda world, org: _make_survey(world, org).responses.get(),
        listings=[
            Listing(
                lambda r: f"/api/v1/surveys/{r.survey_id}/results",
                lambda body, r: json.loads(body)["responses"] == 1,
            )
        ],
    )
)


def _answer_counted(body, a) -> bool:
    return any(q["rows"][0][1] == 1 for q in json.loads(body)["questions"])


register(
    ScopedThing(
        name="survey answer",
        model="communication.Answer",
        make=lambda world, org: _make_survey(world, org).responses.get().answers.get(),
        listings=[
            Listing(lambda a: f"/api/v1/surveys/{a.question.survey_id}/results", _answer_counted)
        ],
    )
)


# ---- news items ------------------------------------------------------------------------


def _make_news(world, org):
    from gonghui.communication.models import NewsItem

    return NewsItem.objects.create(
        union=org,
        to_union=_federation_above(org.parent or org),
        title=f"{org.name}开展主题读书活动{org.pk}",
        body="<p>近日……</p>",
        submitted_by=_clerk(),
    )


def _undecided(n) -> bool:
    return type(n).objects.get(pk=n.pk).status == "submitted"


_DECIDES = _acts_at(lambda n: n.to_union)

register(
    ScopedThing(
        name="news item",
        model="communication.NewsItem",
        make=_make_news,
        reads=[
            Read(lambda n: f"/api/v1/news-items/{n.pk}", DENIED_API),
            Read(lambda n: f"/news-items/{n.pk}/", DENIED_PAGE),
            Read(lambda n: f"/api/v1/news-items?under_id={n.union_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda n: "/api/v1/news-items?limit=500", _api_ids),
            Listing(lambda n: "/news-items/", _html_has(lambda n: n.title)),
            Listing(lambda n: "/news-items/?export=csv", _html_has(lambda n: n.title)),
        ],
        writes=[
            Write(
                "post",
                lambda n: f"/api/v1/news-items/{n.pk}/adopt",
                lambda n: {},
                200,
                _undecided,
                may=_DECIDES,
                denied={400, 404},
            ),
            Write(
                "post",
                lambda n: f"/news-items/{n.pk}/adopt/",
                lambda n: {"title": n.title, "body": n.body},
                302,
                _undecided,
                may=_DECIDES,
                denied={400, 404},
            ),
            Write(
                "post",
                lambda n: f"/api/v1/news-items/{n.pk}/decline",
                lambda n: {"reason": "重复"},
                200,
                _undecided,
                may=_DECIDES,
                denied={400, 404},
            ),
            Write(
                "post",
                lambda n: f"/news-items/{n.pk}/decline/",
                lambda n: {"reason": "重复"},
                302,
                _undecided,
                may=_DECIDES,
                denied={400, 404},
            ),
        ],
    )
)


# ---- campaigns of works ----------------------------------------------------------------
# A campaign is open to the units below its federation, so the matrix keeps it at a new
# federation below the place that no persona is bound to: who sees it is who sees the place.


def _make_works(world, org):
    from gonghui.communication.models import Entry, WorksCampaign

    kind = OrgKind.COUNTY if org.kind in (OrgKind.PROVINCIAL, OrgKind.CITY) else OrgKind.TOWNSHIP
    home = make_org(f"{org.name}下属总工会{org.pk}", kind, org, org.region_id)
    campaign = WorksCampaign.objects.create(
        union=home,
        kind="reading",
        title=f"{org.name}主题阅读活动{org.pk}",
        opens_on=timezone.localdate() - timedelta(days=1),
        closes_on=timezone.localdate() + timedelta(days=30),
        created_by=_clerk(),
    )
    Entry.objects.create(
        campaign=campaign,
        union=home,
        title=f"{org.name}读书心得{org.pk}",
        author="王明",
        body="<p>x</p>",
        submitted_by=_clerk(),
    )
    return campaign


register(
    ScopedThing(
        name="campaign of works",
        model="communication.WorksCampaign",
        make=_make_works,
        reads=[
            Read(lambda c: f"/api/v1/works/{c.pk}", DENIED_API),
            Read(lambda c: f"/works/{c.pk}/", DENIED_PAGE),
            Read(lambda c: f"/api/v1/works/{c.pk}/entries", DENIED_API),
        ],
        listings=[
            Listing(lambda c: "/api/v1/works?limit=500", _api_ids),
            Listing(lambda c: "/works/", _html_has(lambda c: c.title)),
            Listing(lambda c: "/works/?export=csv", _html_has(lambda c: c.title)),
        ],
    )
)


def _make_entry(world, org):
    """A work of a unit at `org`, in a campaign of the federation at or above it."""
    from gonghui.communication.models import Entry, WorksCampaign

    federation = _federation_above(org)
    campaign = WorksCampaign.objects.create(
        union=federation,
        kind="essay",
        title=f"主题征文{org.pk}号",
        opens_on=timezone.localdate() - timedelta(days=1),
        closes_on=timezone.localdate() + timedelta(days=30),
        created_by=_clerk(),
    )
    return Entry.objects.create(
        campaign=campaign,
        union=org,
        title=f"{org.name}征文{org.pk}",
        author="李丽",
        body="<p>x</p>",
        submitted_by=_clerk(),
    )


def _unselected(e) -> bool:
    return type(e).objects.get(pk=e.pk).selected_at is None


def _entries_listed(body, e) -> bool:
    return any(item["id"] == e.pk for item in json.loads(body)["items"])


_SELECTS = _acts_at(lambda e: e.campaign.union)

register(
    ScopedThing(
        name="work",
        model="communication.Entry",
        make=_make_entry,
        listings=[
            Listing(lambda e: f"/api/v1/works/{e.campaign_id}/entries", _entries_listed),
            Listing(lambda e: f"/works/{e.campaign_id}/", _html_has(lambda e: f'data-id="{e.pk}"')),
        ],
        writes=[
            Write(
                "post",
                lambda e: f"/api/v1/works/entries/{e.pk}/select",
                lambda e: {},
                200,
                _unselected,
                may=_SELECTS,
                denied={400, 404},
            ),
            Write(
                "post",
                lambda e: f"/works/entries/{e.pk}/select/",
                lambda e: {},
                302,
                _unselected,
                may=_SELECTS,
                denied={302, 404},
            ),
            Write(
                "post",
                lambda e: f"/api/v1/works/{e.campaign_id}/entries",
                lambda e: {
                    "union_id": e.union_id,
                    "title": "矩阵作品",
                    "author": "某",
                    "body": "x",
                },
                201,
                lambda e: not type(e).objects.filter(title="矩阵作品").exists(),
                may=_acts_at(lambda e: e.union),
                denied={400, 404},
            ),
        ],
    )
)


def _make_like(world, org):
    from gonghui.communication.models import Like
    from gonghui.members.models import Person

    entry = _make_entry(world, org)
    entry.selected_at = timezone.now()
    entry.save(update_fields=["selected_at"])
    person = Person(name="读者", gender="F", birth_date=timezone.localdate().replace(year=1990))
    person.set_id_number(id_number(male=False))
    person.save()
    return Like.objects.create(entry=entry, person=person)


register(
    ScopedThing(
        name="like of a work",
        model="communication.Like",
        make=_make_like,
        listings=[
            Listing(
                lambda lk: f"/api/v1/works/{lk.entry.campaign_id}/entries",
                lambda body, lk: any(
                    item["id"] == lk.entry_id and item["likes"] == 1
                    for item in json.loads(body)["items"]
                ),
            )
        ],
    )
)


# ---- messages to members and education bases ---------------------------------------------


def _make_message(world, org):
    from gonghui.communication.models import Message, Receipt

    from ..factories import make_member

    message = Message.objects.create(
        union=org,
        title=f"{org.name}给会员的消息{org.pk}",
        body="<p>请参加读书月活动。</p>",
        category="activities",
        sent_by=_clerk(),
        status="sent",
        total=1,
        done=1,
    )
    membership = make_member(org, "钱会员", number_id=None)
    Receipt.objects.create(message=message, person=membership.person, union=org)
    return message


def _no_new_message(m) -> bool:
    return not type(m).objects.filter(title="矩阵消息").exists()


register(
    ScopedThing(
        name="message to members",
        model="communication.Message",
        make=_make_message,
        reads=[
            Read(lambda m: f"/api/v1/messages/{m.pk}", DENIED_API),
            Read(lambda m: f"/messages/{m.pk}/", DENIED_PAGE),
            Read(lambda m: f"/api/v1/messages?under_id={m.union_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda m: "/api/v1/messages?limit=500", _api_ids),
            Listing(lambda m: "/messages/", _html_has(lambda m: m.title)),
            Listing(lambda m: "/messages/?export=csv", _html_has(lambda m: m.title)),
        ],
        writes=[
            Write(
                "post",
                lambda m: "/api/v1/messages",
                lambda m: {"union_id": m.union_id, "title": "矩阵消息", "body": "<p>x</p>"},
                201,
                _no_new_message,
                may=_acts_at(lambda m: m.union),
                denied={400, 404},
            ),
        ],
    )
)


def _make_receipt(world, org):
    return _make_message(world, org).receipts.get()


register(
    ScopedThing(
        name="message received by a member",
        model="communication.Receipt",
        make=_make_receipt,
        reads=[Read(lambda r: f"/messages/{r.message_id}/", DENIED_PAGE)],
        listings=[
            Listing(
                lambda r: f"/messages/{r.message_id}/",
                _html_has(lambda r: r.message.title),
            )
        ],
    )
)


def _make_base(world, org):
    from datetime import date

    from gonghui.communication.models import EducationBase

    return EducationBase.objects.create(
        union=org,
        name=f"{org.name}教育基地{org.pk}",
        lat=41.80 + org.pk / 10000,
        lng=123.43,
        named_on=date(2022, 5, 1),
    )


def _base_active(b) -> bool:
    return type(b).objects.get(pk=b.pk).is_active


def _no_new_base(b) -> bool:
    return not type(b).objects.filter(name="矩阵基地").exists()


register(
    ScopedThing(
        name="education base",
        model="communication.EducationBase",
        make=_make_base,
        reads=[
            Read(lambda b: f"/api/v1/education-bases/{b.pk}", DENIED_API),
            Read(lambda b: f"/education-bases/{b.pk}/", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda b: "/api/v1/education-bases?limit=500", _api_ids),
            Listing(lambda b: "/education-bases/", _html_has(lambda b: b.name)),
            Listing(lambda b: "/education-bases/?export=csv", _html_has(lambda b: b.name)),
            Listing(
                lambda b: "/stations/map/points.json?show=bases",
                lambda body, b: any(
                    p["id"] == b.pk and p.get("layer") == "bases"
                    for p in json.loads(body)["points"]
                ),
            ),
        ],
        writes=[
            Write(
                "post",
                lambda b: "/api/v1/education-bases",
                lambda b: {
                    "union_id": b.union_id,
                    "name": "矩阵基地",
                    "lat": 41.8,
                    "lng": 123.4,
                    "named_on": "2022-05-01",
                },
                201,
                _no_new_base,
                may=_acts_at(lambda b: b.union),
                denied={400, 404},
            ),
            Write(
                "post",
                lambda b: f"/education-bases/{b.pk}/deactivate/",
                lambda b: {},
                302,
                _base_active,
                may=_acts_at(lambda b: b.union),
                denied={302, 404},
            ),
        ],
    )
)
