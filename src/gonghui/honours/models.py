"""Honours (劳模, 五一劳动奖章, 工人先锋号, 大国工匠) and the model-worker register (seed 004 §1,
seed 000 task 10).

A federation runs an honour scheme (评选表彰) of a kind and level for a year, with places
(名额) for each lower union and a cap on managers among the people (一线职工和专业技术人员
为主). A lower union nominates people or collectives with their deeds; each federation
between the nominating union and the scheme's owner reviews in turn, with an opinion
(and, at the owner, the votes of its panel); the owner then puts the nomination on public
notice (公示) for the scheme's days, on a public page with the name masked; objections
are recorded and must be resolved before the award, which carries a certificate number.
A person's award adds a title to the model-worker register, whose care records
(health checks, recuperation, hardship help, condolence visits) carry amounts in fen.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core import crypto
from gonghui.core.money import yuan
from gonghui.core.scoping import ScopedManager


class SchemeKind(models.TextChoices):
    MODEL_WORKER = "model_worker", _("model workers and advanced workers")  # 劳动模范和先进工作者
    MAY_DAY = "may_day", _("May Day labour medals and certificates")  # 五一劳动奖章和奖状
    PIONEER = "pioneer", _("workers' pioneer teams")  # 工人先锋号
    CRAFTSMAN = "craftsman", _("craftsmen")  # 大国工匠、工匠
    OTHER = "other", _("other honours")


class Level(models.TextChoices):
    NATIONAL = "national", _("national")
    PROVINCIAL = "provincial", _("provincial")
    CITY = "city", _("city")
    COUNTY = "county", _("county")


class Subjects(models.TextChoices):
    PEOPLE = "people", _("people only")
    COLLECTIVES = "collectives", _("collectives only")
    BOTH = "both", _("people and collectives")


class Scheme(models.Model):
    """One round of an honour: 2022年辽宁省劳动模范和先进工作者评选."""

    owner = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("federation")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SchemeKind.choices, db_index=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    title = models.CharField(_("title"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    subjects = models.CharField(
        _("who may be nominated"), max_length=12, choices=Subjects.choices, default=Subjects.BOTH
    )
    opens_on = models.DateField(_("nominations open on"))
    closes_on = models.DateField(_("nominations close on"))
    notice_days = models.PositiveSmallIntegerField(_("days of public notice"), default=5)
    # At most this share of the people nominated by a lower union are managers (企业负责人);
    # the rest are front-line workers and technicians.
    managers_max_percent = models.PositiveSmallIntegerField(
        _("managers at most (per cent of people)"), default=100
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "owner__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("honour scheme")
        verbose_name_plural = _("honour schemes")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="honours_scheme_period"
            ),
            models.CheckConstraint(
                condition=Q(managers_max_percent__lte=100), name="honours_scheme_percent"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def takes_people(self) -> bool:
        return self.subjects in (Subjects.PEOPLE, Subjects.BOTH)

    @property
    def takes_collectives(self) -> bool:
        return self.subjects in (Subjects.COLLECTIVES, Subjects.BOTH)


class Quota(models.Model):
    """The places a lower union (and everything under it) may fill in a scheme."""

    scheme = models.ForeignKey(
        Scheme, models.CASCADE, related_name="quotas", verbose_name=_("honour scheme")
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("lower union")
    )
    people = models.PositiveIntegerField(_("places for people"), default=0)
    collectives = models.PositiveIntegerField(_("places for collectives"), default=0)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("set by")
    )

    scope_path_field = "union__path"  # the lower union sees its own places
    objects = ScopedManager()

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["scheme", "union__path"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "union"], name="honours_one_quota_per_union")
        ]

    def __str__(self):
        return f"{self.scheme} · {self.union}"

    @property
    def managers_max(self) -> int:
        return self.people * self.scheme.managers_max_percent // 100


class Subject(models.TextChoices):
    PERSON = "person", _("person")
    COLLECTIVE = "collective", _("collective")


class Category(models.TextChoices):
    FRONTLINE = "frontline", _("front-line worker")  # 一线职工
    TECHNICIAN = "technician", _("technician")  # 专业技术人员
    MANAGER = "manager", _("manager")  # 企业负责人和管理人员
    OTHER = "other", _("other")
    COLLECTIVE = "collective", _("collective")


class Status(models.TextChoices):
    REVIEWING = "reviewing", _("under review")
    NOTICE = "notice", _("on public notice")
    AWARDED = "awarded", _("awarded")
    REJECTED = "rejected", _("not approved")
    WITHDRAWN = "withdrawn", pgettext_lazy("nomination status", "withdrawn")


OPEN_STATUSES = [Status.REVIEWING, Status.NOTICE]


class Nomination(models.Model):
    scheme = models.ForeignKey(
        Scheme, models.PROTECT, related_name="nominations", verbose_name=_("honour scheme")
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("nominating union")
    )
    subject = models.CharField(_("nominee is a"), max_length=10, choices=Subject.choices)
    # A member on the register, or a person named here (with their ID number), or a
    # collective (a team, a workshop, an enterprise).
    person = models.ForeignKey(
        "members.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("member"),
    )
    name = models.CharField(_("name of the person or collective"), max_length=100)
    id_cipher = models.TextField(_("ID number (encrypted)"), blank=True, editable=False)
    id_index = models.CharField(
        _("ID number look-up hash"), max_length=64, blank=True, editable=False, db_index=True
    )
    employer = models.CharField(_("employer"), max_length=120)
    position = models.CharField(_("position"), max_length=60, blank=True)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    deeds = models.TextField(_("deeds"))
    documents = models.CharField(_("documents"), max_length=500, blank=True)
    # The contest result the nomination came from (a first place, a 技术能手 title): a result
    # is put forward to a scheme once.
    source = models.ForeignKey(
        "competitions.Contestant",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from the contest result"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REVIEWING, db_index=True
    )
    current_step = models.PositiveSmallIntegerField(_("current step"), default=1)
    notice_from = models.DateField(_("public notice from"), null=True, blank=True)
    notice_to = models.DateField(_("public notice to"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True, db_index=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    scope_path_field = "union__path"
    scope_owner_field = "person__user"  # the nominee follows their own nomination
    objects = ScopedManager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "id_index"],
                condition=Q(status__in=["reviewing", "notice"], subject="person"),
                name="honours_one_open_nomination",
            ),
            models.UniqueConstraint(
                fields=["scheme", "source"],
                condition=Q(source__isnull=False),
                name="honours_one_nomination_per_result",
            ),
            models.UniqueConstraint(
                fields=["scheme", "certificate_number"],
                condition=~Q(certificate_number=""),
                name="honours_certificate_unique",
            ),
        ]

    def __str__(self):
        return f"{self.scheme} · {self.shown_name}"

    @property
    def shown_name(self) -> str:
        """A person's name as a model's str() shows people (masked in the audit)."""
        return crypto.person_name(self.name) if self.subject == Subject.PERSON else self.name

    @property
    def public_name(self) -> str:
        """As the public notice shows it: 张*明 for a person, a collective in full."""
        return crypto.mask_name(self.name) if self.subject == Subject.PERSON else self.name

    @property
    def id_masked(self) -> str:
        return crypto.mask(crypto.decrypt(self.id_cipher)) if self.id_cipher else ""


class StepDecision(models.TextChoices):
    PENDING = "pending", _("waiting")
    APPROVED = "approved", _("agreed")
    REJECTED = "rejected", _("not agreed")


class Step(models.Model):
    """One level of review: the federation that gives its opinion, and what it said."""

    nomination = models.ForeignKey(
        Nomination, models.CASCADE, related_name="steps", verbose_name=_("nomination")
    )
    order = models.PositiveSmallIntegerField(_("step"))
    org = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("reviewing union")
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=StepDecision.choices, default=StepDecision.PENDING
    )
    opinion = models.CharField(_("opinion"), max_length=500, blank=True)
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    scope_path_field = "nomination__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["nomination", "order"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "order"], name="honours_step_order")
        ]

    def __str__(self):
        return f"{self.nomination} · {self.order} · {self.org}"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("objection status", "open")
    UPHELD = "upheld", _("upheld: not awarded")
    DISMISSED = "dismissed", _("dismissed after checking")


class Objection(models.Model):
    """What someone said against a nomination on public notice, and how it was resolved."""

    nomination = models.ForeignKey(
        Nomination, models.CASCADE, related_name="objections", verbose_name=_("nomination")
    )
    text = models.CharField(_("objection"), max_length=1000)
    contact_cipher = models.TextField(_("contact (encrypted)"), blank=True, editable=False)
    received_on = models.DateField(_("received on"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.OPEN,
        db_index=True,
    )
    resolution = models.CharField(_("how it was resolved"), max_length=500, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    scope_path_field = "nomination__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return f"{self.nomination} · {self.received_on}"

    @property
    def contact_masked(self) -> str:
        return crypto.mask(crypto.decrypt(self.contact_cipher)) if self.contact_cipher else ""


# ---- the model-worker register ---------------------------------------------------------


class WorkerStatus(models.TextChoices):
    WORKING = "working", _("working")
    RETIRED = "retired", _("retired")
    DECEASED = "deceased", _("deceased")


class ModelWorker(models.Model):
    """A model worker (or craftsman, medal holder) of the federation's subtree."""

    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    person = models.ForeignKey(
        "members.Person",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
    )
    name = models.CharField(_("name"), max_length=50)
    id_cipher = models.TextField(_("ID number (encrypted)"), blank=True, editable=False)
    id_index = models.CharField(
        _("ID number look-up hash"), max_length=64, blank=True, editable=False, db_index=True
    )
    employer = models.CharField(_("employer"), max_length=120)
    contact_cipher = models.TextField(_("contact (encrypted)"), blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=WorkerStatus.choices, default=WorkerStatus.WORKING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "union__path"
    scope_owner_field = "person__user"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("model worker")
        verbose_name_plural = _("model workers")
        ordering = ["union__path", "name", "id"]

    def __str__(self):
        return crypto.person_name(self.name)

    @property
    def contact_masked(self) -> str:
        return crypto.mask(crypto.decrypt(self.contact_cipher)) if self.contact_cipher else ""


class Title(models.Model):
    """A title a model worker holds: 2022年辽宁省劳动模范."""

    worker = models.ForeignKey(
        ModelWorker, models.CASCADE, related_name="titles", verbose_name=_("model worker")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SchemeKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("title"), max_length=100)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    nomination = models.OneToOneField(
        Nomination,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="title",
        verbose_name=_("nomination"),
    )

    scope_path_field = "worker__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("title")
        verbose_name_plural = _("titles")
        ordering = ["-year", "id"]

    def __str__(self):
        return f"{self.year} {self.name}"


class CareKind(models.TextChoices):
    HEALTH_CHECK = "health_check", _("health check")  # 健康体检
    RECUPERATION = "recuperation", _("rest and recuperation")  # 疗休养
    HARDSHIP = "hardship", _("hardship help")  # 困难帮扶
    CONDOLENCE = "condolence", _("condolence visit")  # 走访慰问


class Care(models.Model):
    """Care given to a model worker. Money given is paid from the giving union's general
    funds on the ledger (`posting`; one posting may carry a batch, as the demo's)."""

    worker = models.ForeignKey(
        ModelWorker, models.PROTECT, related_name="care", verbose_name=_("model worker")
    )
    kind = models.CharField(_("kind"), max_length=14, choices=CareKind.choices, db_index=True)
    given_on = models.DateField(_("given on"), db_index=True)
    amount = models.BigIntegerField(_("amount (fen)"), default=0)
    payer = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paid by union"),
    )
    posting = models.ForeignKey(
        "campaigns.Posting",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ledger posting"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Hardship help given to a model worker on the needy-worker file of assistance: the
    # file lists the care and the care names the file (seed 000 task 10).
    aid_file = models.ForeignKey(
        "assistance.HardshipFile",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("needy-worker file"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    scope_path_field = "worker__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("care record")
        verbose_name_plural = _("care records")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="honours_care_amount")
        ]

    def __str__(self):
        return f"{self.worker} · {self.get_kind_display()} · {self.given_on}"

    @property
    def amount_yuan(self) -> str:
        return yuan(self.amount)


# ---- model workers' activities ------------------------------------------------------------


class EventKind(models.TextChoices):
    SCHOOL = "school", _("model workers and craftsmen on campus")  # 劳模工匠进校园
    LECTURE = "lecture", _("model workers' lecture tour")  # 劳模宣讲
    ACADEMY = "academy", _("craftsman academy course")  # 工匠学院授课
    OTHER = "other", _("other activity of model workers")


class Event(models.Model):
    """An activity model workers took part in: 劳模工匠进校园 at a school, a lecture, a
    course of a craftsman academy; with its attendance."""

    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices, db_index=True)
    held_on = models.DateField(_("held on"), db_index=True)
    title = models.CharField(_("title"), max_length=100)
    place = models.CharField(_("place"), max_length=100)
    attendance = models.PositiveIntegerField(_("attendance"), default=0)
    workers = models.ManyToManyField(
        ModelWorker, blank=True, related_name="events", verbose_name=_("model workers")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("model workers' activity")
        verbose_name_plural = _("model workers' activities")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on} {self.title}"
