"""Reaching people (issue 20; seeds 000, 001, 002 and 004 §1).

* Notices down the tree (通知): a federation sends a notice to chosen levels of its subtree
  or to named unions; each receiving union has a Delivery, on which its staff confirm
  reading and, where the notice asks, report back by the deadline. A receiving federation
  forwards the notice down with its additions: a new Notice whose `parent` is the one it
  received.
* Surveys (问卷调查): a questionnaire sent to the members of a federation's subtree; one
  Response per member (a keyed hash of member and survey, so an anonymous survey keeps no
  name), with the groups the cross-tabs count by copied onto it when it is given.
* Information reports (信息报送): lower unions submit news items to an upper federation,
  which adopts (and publishes on its public news page) or declines them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.scoping import ScopedManager

# ---- notices -------------------------------------------------------------------------


class Notice(models.Model):
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="notices_sent", verbose_name=_("sender")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)  # sanitized HTML (nh3)
    attachment = models.FileField(_("attachment"), upload_to="notices/%Y/%m/", blank=True)
    attachment_name = models.CharField(_("attachment name"), max_length=200, blank=True)
    # The kinds of organization it went to (["county", "grassroots"]); empty when named.
    levels = models.JSONField(_("levels"), default=list, blank=True)
    report_required = models.BooleanField(_("report back required"), default=False)
    report_due = models.DateField(_("report back by"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="forwards",
        verbose_name=_("forwarded from"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["union", "sent_at"])]

    def __str__(self):
        return self.title

    @property
    def origin(self) -> "Notice":
        """The notice as first sent, above any forwards."""
        notice = self
        while notice.parent_id is not None:
            assert notice.parent is not None
            notice = notice.parent
        return notice


class DeliveryState(models.TextChoices):
    UNREAD = "unread", pgettext_lazy("notice", "unread")
    READ = "read", pgettext_lazy("notice", "read")
    REPORTED = "reported", pgettext_lazy("notice", "reported back")
    LATE = "late", pgettext_lazy("notice", "late")


class Delivery(models.Model):
    """A notice as one receiving union has it: read, reported back, forwarded."""

    notice = models.ForeignKey(
        Notice, models.CASCADE, related_name="deliveries", verbose_name=_("notice")
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="notices", verbose_name=_("union")
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("read by"),
    )
    reported_at = models.DateTimeField(_("reported back at"), null=True, blank=True)
    report_text = models.TextField(_("report"), blank=True)
    report_file = models.FileField(_("report file"), upload_to="notices/reports/%Y/", blank=True)
    report_file_name = models.CharField(_("report file name"), max_length=200, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    forwarded_as = models.OneToOneField(
        Notice,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="forwarded_from_delivery",
        verbose_name=_("forwarded as"),
    )

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("notice received")
        verbose_name_plural = _("notices received")
        ordering = ["union__path", "id"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "union"], name="communication_delivery_once")
        ]
        indexes = [models.Index(fields=["union", "read_at"])]

    def __str__(self):
        return f"{self.notice} → {self.union}"

    def state(self, today=None) -> str:
        today = today or timezone.localdate()
        notice = self.notice
        if self.reported_at is not None:
            return DeliveryState.REPORTED
        if notice.report_required and notice.report_due and notice.report_due < today:
            return DeliveryState.LATE
        return DeliveryState.READ if self.read_at else DeliveryState.UNREAD

    def get_state_display(self) -> str:
        return str(DeliveryState(self.state()).label)


# ---- surveys -------------------------------------------------------------------------


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("survey", "draft")
    OPEN = "open", pgettext_lazy("survey", "open")
    CLOSED = "closed", pgettext_lazy("survey", "closed")


class Survey(models.Model):
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="surveys", verbose_name=_("federation")
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    status = models.CharField(
        _("status"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    SCALE = "scale", _("scale")
    TEXT = "text", _("text")


class Question(models.Model):
    survey = models.ForeignKey(
        Survey, models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    position = models.PositiveSmallIntegerField(_("order in the survey"))
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    scale_max = models.PositiveSmallIntegerField(_("scale up to"), default=5)
    required = models.BooleanField(_("required"), default=True)

    scope_path_field = "survey__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "position"], name="communication_question_position"
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.text}"

    def options(self) -> list[tuple[int, str]]:
        """(value, label) a respondent chooses from; a scale is 1…scale_max."""
        if self.kind == QuestionKind.SCALE:
            return [(i, str(i)) for i in range(1, self.scale_max + 1)]
        return list(enumerate(self.choices))


class AgeBand(models.TextChoices):
    UNDER_25 = "u25", _("under 25")
    AGE_25 = "25", _("25 to 34")
    AGE_35 = "35", _("35 to 44")
    AGE_45 = "45", _("45 to 54")
    AGE_55 = "55", _("55 and over")


class Response(models.Model):
    """One member's answers. The member is named only in a named survey; `respondent` is a
    keyed hash of survey and member, so one member answers once in either kind."""

    survey = models.ForeignKey(
        Survey, models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    respondent = models.CharField(_("respondent key"), max_length=64, editable=False)
    person = models.ForeignKey(
        "members.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    # The groups a cross-tab counts by, as they were when the answer was given.
    region = models.CharField(_("region"), max_length=6, blank=True)  # city-level code
    industry = models.CharField(_("industry"), max_length=1, blank=True)
    age_band = models.CharField(_("age band"), max_length=3, choices=AgeBand.choices, blank=True)
    work_kind = models.CharField(_("work kind"), max_length=16, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent"], name="communication_one_response_per_member"
            )
        ]

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    """One answer to one question: a choice (one row per choice of a multiple), a scale
    value, or a text."""

    response = models.ForeignKey(
        Response, models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    value = models.SmallIntegerField(_("value"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)

    scope_path_field = "response__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["question", "value"]),
            models.Index(fields=["question", "response"]),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.value if self.value is not None else self.text[:20]}"


# ---- information reports --------------------------------------------------------------


class NewsStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("news", "submitted")
    ADOPTED = "adopted", pgettext_lazy("news", "adopted")
    DECLINED = "declined", pgettext_lazy("news", "declined")


class NewsItem(models.Model):
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="news_items", verbose_name=_("union")
    )
    to_union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="news_received",
        verbose_name=_("submitted to"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))  # sanitized HTML (nh3)
    status = models.CharField(
        _("status"), max_length=10, choices=NewsStatus.choices, default=NewsStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["to_union", "status", "decided_at"])]

    def __str__(self):
        return self.title


# ---- campaigns of works (主题阅读, 征文, 演讲) ------------------------------------------


class WorksKind(models.TextChoices):
    READING = "reading", _("themed reading")
    ESSAY = "essay", _("essay contest")
    SPEECH = "speech", _("speech contest")


class WorksCampaign(models.Model):
    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="works_campaigns",
        verbose_name=_("federation"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=WorksKind.choices)
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("campaign of works")
        verbose_name_plural = _("campaigns of works")
        ordering = ["-opens_on", "-id"]

    def __str__(self):
        return self.title


class Entry(models.Model):
    """A work a unit submits (推报) to a campaign; the federation selects (优选) the best,
    which members then read and like."""

    campaign = models.ForeignKey(
        WorksCampaign, models.CASCADE, related_name="entries", verbose_name=_("campaign of works")
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="works_entries", verbose_name=_("unit")
    )
    title = models.CharField(_("title"), max_length=200)
    author = models.CharField(_("author"), max_length=50)
    body = models.TextField(_("text"))  # sanitized HTML (nh3)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    selected_at = models.DateTimeField(_("selected at"), null=True, blank=True)
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("selected by"),
    )

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("work")
        verbose_name_plural = _("works")
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return self.title


class Like(models.Model):
    entry = models.ForeignKey(Entry, models.CASCADE, related_name="likes", verbose_name=_("work"))
    person = models.ForeignKey(
        "members.Person", models.CASCADE, related_name="+", verbose_name=_("member")
    )
    created_at = models.DateTimeField(_("liked at"), default=timezone.now)

    scope_path_field = "entry__union__path"
    scope_owner_field = "person__user"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [
            models.UniqueConstraint(fields=["entry", "person"], name="communication_like_once")
        ]

    def __str__(self):
        return f"{self.person_id} ♥ {self.entry_id}"


# ---- messages to members (issue 20 item 5) --------------------------------------------
# Staff send a message to the members of their subtree, or to the members of the unions a
# notice went to; a background job writes one Receipt per member (bulk, with progress on
# the Message). A member reads theirs on /me/; those who opted in also get it by SMS
# through the operator's gateway (sms.py), its status kept on the Receipt.


class MessageCategory(models.TextChoices):
    NOTICES = "notices", pgettext_lazy("message", "notices")
    ACTIVITIES = "activities", pgettext_lazy("message", "activities")
    AID = "aid", pgettext_lazy("message", "aid and care")
    SURVEYS = "surveys", pgettext_lazy("message", "surveys")
    GENERAL = "general", pgettext_lazy("message", "general")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("message", "queued")
    SENDING = "sending", pgettext_lazy("message", "sending")
    SENT = "sent", pgettext_lazy("message", "sent")
    FAILED = "failed", pgettext_lazy("message", "failed")


class Message(models.Model):
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="messages_sent", verbose_name=_("sender")
    )
    category = models.CharField(
        _("category"), max_length=12, choices=MessageCategory.choices, default="general"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)  # sanitized HTML (nh3)
    # The audience: the members of the unions this notice went to; none = the whole subtree.
    notice = models.ForeignKey(
        Notice,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("notice"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"), max_length=8, choices=MessageStatus.choices, default="queued"
    )
    total = models.PositiveIntegerField(_("recipients"), default=0)
    done = models.PositiveIntegerField(_("delivered"), default=0)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["union", "sent_at"])]

    def __str__(self):
        return self.title


class SmsStatus(models.TextChoices):
    NONE = "", pgettext_lazy("sms", "not by SMS")
    PENDING = "pending", pgettext_lazy("sms", "waiting")
    SENT = "sent", pgettext_lazy("sms", "sent")
    FAILED = "failed", pgettext_lazy("sms", "failed")


class Receipt(models.Model):
    """One member's copy of a message: in their inbox on /me/, read or not, and by SMS."""

    message = models.ForeignKey(
        Message, models.CASCADE, related_name="receipts", verbose_name=_("message")
    )
    person = models.ForeignKey(
        "members.Person", models.CASCADE, related_name="+", verbose_name=_("member")
    )
    # The member's union when it was sent: the staff of that subtree see who read it.
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    sms_status = models.CharField(
        _("SMS"), max_length=8, choices=SmsStatus.choices, default="", blank=True
    )
    sms_attempts = models.PositiveSmallIntegerField(_("SMS attempts"), default=0)
    sms_error = models.CharField(_("SMS error"), max_length=200, blank=True)
    sms_at = models.DateTimeField(_("SMS sent at"), null=True, blank=True)

    scope_path_field = "union__path"
    scope_owner_field = "person__user"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("message received")
        verbose_name_plural = _("messages received")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "person"], name="receipt_once_per_member")
        ]
        indexes = [
            models.Index(fields=["person", "read_at"]),
            models.Index(fields=["message", "sms_status"]),
        ]

    def __str__(self):
        return f"{self.message} → {self.person_id}"


class MessagePreference(models.Model):
    """What a member chooses to receive: the categories they muted, and SMS (off unless
    they turn it on). Read and written only by the member (person.user); no row = all
    categories in the inbox, no SMS."""

    person = models.OneToOneField(
        "members.Person", models.CASCADE, related_name="message_preference"
    )
    # ",aid,surveys,": a comma-framed string, so that "muted contains ,aid," is one
    # LIKE on every database (SQLite has no JSON containment).
    muted = models.CharField(_("muted categories"), max_length=100, blank=True)
    sms = models.BooleanField(_("also by SMS"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("message preference")
        verbose_name_plural = _("message preferences")

    def __str__(self):
        return f"{self.person_id}: {self.muted}"

    def muted_list(self) -> list[str]:
        return [c for c in self.muted.split(",") if c]


# ---- education bases (职工思想政治教育基地, issue 20 item 4) ---------------------------


class EducationBase(models.Model):
    """A place named as a base for workers' political education, with its position
    (WGS-84, as stations keeps them) so that it shows on the map."""

    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="education_bases",
        verbose_name=_("naming union"),
    )
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200, blank=True)
    lat = models.FloatField(_("latitude (WGS-84)"))
    lng = models.FloatField(_("longitude (WGS-84)"))
    named_on = models.DateField(_("named on"))
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(pgettext_lazy("education base", "active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("education base")
        verbose_name_plural = _("education bases")
        ordering = ["-named_on", "name"]
        indexes = [models.Index(fields=["lat", "lng"])]

    def __str__(self):
        return self.name
