"""People, memberships, join requests and transfers.

A person's resident ID number and phone are personal information: stored encrypted
(core.crypto), found by a keyed hash, shown masked. One person has at most one active
membership, which the database enforces.
"""

from django.conf import settings
from django.db import models
from django.db.models import Func, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core import crypto
from gonghui.core.fields import columns_but
from gonghui.core.scoping import ScopedManager
from gonghui.orgs.models import WorkKind, name_pinyin


class Gender(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class Education(models.TextChoices):
    PRIMARY = "primary", _("primary school or below")
    JUNIOR = "junior", _("junior secondary")
    SENIOR = "senior", _("senior secondary or vocational")
    COLLEGE = "college", _("junior college")
    BACHELOR = "bachelor", _("bachelor's degree")
    POSTGRADUATE = "postgraduate", _("postgraduate")


class PoliticalStatus(models.TextChoices):
    CPC = "cpc", _("CPC member")
    CPC_PROBATIONARY = "probationary", _("probationary CPC member")
    CYL = "cyl", _("Communist Youth League member")
    DEMOCRATIC_PARTY = "democratic", _("member of a democratic party")
    MASSES = "masses", _("ordinary citizen")


GIG_KINDS = [k for k in WorkKind.values if k != WorkKind.REGULAR]


class IdAndPhone(models.Model):
    """A resident ID number and a phone, encrypted, with keyed hashes to find them."""

    id_cipher = models.TextField(_("ID number (encrypted)"), editable=False)
    id_index = models.CharField(_("ID number look-up hash"), max_length=64, editable=False)
    id_last4 = models.CharField(_("ID number, last 4"), max_length=4, editable=False)
    phone_cipher = models.TextField(_("phone (encrypted)"), blank=True, editable=False)
    phone_index = models.CharField(
        _("phone look-up hash"), max_length=64, blank=True, db_index=True, editable=False
    )

    class Meta:
        abstract = True

    def set_id_number(self, number: str, *, index: str = "") -> None:
        """`index`: the number's blind index when the caller has just computed it (the
        import, to look people up), so that it is not computed twice."""
        self.id_cipher = crypto.encrypt(number)
        self.id_index = index or crypto.blind_index(number)
        self.id_last4 = number[-4:]

    def set_phone(self, phone: str) -> None:
        self.phone_cipher = crypto.encrypt(phone) if phone else ""
        self.phone_index = crypto.blind_index(phone) if phone else ""

    @property
    def id_masked(self) -> str:
        # Masked from the stored last four: no decryption for an ordinary list.
        return "*" * 14 + self.id_last4

    @property
    def phone_masked(self) -> str:
        return crypto.mask(crypto.decrypt(self.phone_cipher)) if self.phone_cipher else ""


class PersonalDetails(IdAndPhone):
    """Who a person is, as a register records it and as an applicant states it."""

    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"))
    education = models.CharField(
        pgettext_lazy("schooling", "education"),
        max_length=12,
        choices=Education.choices,
        blank=True,
    )
    political_status = models.CharField(
        _("political status"), max_length=12, choices=PoliticalStatus.choices, blank=True
    )
    work_kind = models.CharField(
        _("employment form"), max_length=16, choices=WorkKind.choices, default=WorkKind.REGULAR
    )
    employer_name = models.CharField(_("employer or platform"), max_length=120, blank=True)

    class Meta:
        abstract = True


class ByteOrder(Func):
    """A text column compared character by character, by code point (COLLATE "C"): the
    order of Person's name indexes. A B-tree in this collation serves both a prefix
    search (LIKE '王伟%', as varchar_pattern_ops does) and ORDER BY, so a search ordered
    by the column it searches stops after a page (selectors.member_search_order).
    SQLite compares text this way already (BINARY)."""

    template = '%(expressions)s COLLATE "C"'

    def __init__(self, expression):
        super().__init__(expression)

    def as_sqlite(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])


class Person(PersonalDetails):
    # Full pinyin and initials in separate columns, each with a prefix index, so that
    # "zhangw" and "zw" are both index look-ups among ten million people.
    name_pinyin = models.CharField(_("pinyin"), max_length=200, editable=False)
    name_initials = models.CharField(_("initials"), max_length=50, editable=False)
    id_index = models.CharField(
        _("ID number look-up hash"), max_length=64, unique=True, editable=False
    )
    employer = models.ForeignKey(
        "orgs.Enterprise",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="workers",
        verbose_name=_("employer"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login account"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The path of the union of the person's active membership ("" when they have none): a
    # copy that lets a subtree's search skip another county's namesakes inside the name
    # indexes below, without reading their rows (selectors.member_list adds it to a search
    # of active members; the scope itself stays the membership's union). Written only by
    # `refresh_union_paths` (a membership's save, the import, the demo) and by a move of
    # the tree (orgs.signals.org_moved), never by a person's own save.
    union_path = models.CharField(
        _("active membership's union path"),
        max_length=255,
        blank=True,
        default="",
        editable=False,
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            # Prefix searches and the order of a search's results (ByteOrder): name,
            # full pinyin, initials, then the person, so that a page of the 2,060 people
            # named exactly 王伟 (or the 30,000 with initials "xx") is read in the
            # index's order, not sorted whole (selectors.member_search_order). The path
            # of the person's union comes last: a county's search tests it in the index
            # and reads only its own namesakes' rows (12 of a province's 2,031 冯宁).
            models.Index(
                ByteOrder("name"), "id", ByteOrder("union_path"), name="members_person_name_path"
            ),
            models.Index(
                ByteOrder("name_pinyin"),
                "id",
                ByteOrder("union_path"),
                name="members_person_pinyin_path",
            ),
            models.Index(
                ByteOrder("name_initials"),
                "id",
                ByteOrder("union_path"),
                name="members_person_initials_path",
            ),
            # The register's default order (by pinyin, core.lists pages by key on it):
            # the list walks this index and stops after a page instead of sorting every
            # visible member. bench/bench_api.py.
            models.Index(fields=["name_pinyin"], name="members_person_pinyin_order"),
            # The gig workers by kind of work, then id: the few of a province's ten
            # million that the gig figures' drill-down sheets list in this order
            # (members.figures.BY_PERSON), read from here instead of walking every
            # regular worker's membership first.
            models.Index(
                fields=["work_kind", "id"],
                condition=Q(work_kind__in=GIG_KINDS),
                name="members_person_gig",
            ),
        ]

    def __str__(self):
        return crypto.person_name(self.name)

    def save(self, *args, **kwargs):
        self.name_pinyin, self.name_initials = name_pinyin(self.name)
        fields = kwargs.get("update_fields")
        if fields is not None and "name" in fields:  # a renamed person is found by the new name
            kwargs["update_fields"] = {*fields, "name_pinyin", "name_initials"}
        if fields is None and self.pk is not None and not self._state.adding:
            # Every column but union_path: a record read before its membership changed
            # must not write the old path back (refresh_union_paths keeps it).
            kwargs["update_fields"] = columns_but(self, {"union_path"})
        super().save(*args, **kwargs)

    @property
    def name_masked(self) -> str:
        """张* for 张伟: how the audit names a person (services.PERSON_AUDIT_FIELDS)."""
        return crypto.mask_name(self.name)


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("membership status", "active")
    TRANSFERRED = "transferred", _("transferred out")
    LEFT = "left", pgettext_lazy("membership status", "left")


class Membership(models.Model):
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="memberships", verbose_name=_("union")
    )
    number = models.CharField(_("member number"), max_length=20, unique=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
        db_index=True,
    )
    # Seniority: the day the person first joined, carried through transfers.
    joined_on = models.DateField(_("member since"))
    started_on = models.DateField(_("in this union since"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "union__path"
    scope_owner_field = "person__user"  # the member transfers and reads their own
    objects = ScopedManager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="active"),
                name="members_one_active_membership",
            ),
        ]
        # By start and by end date: an open period's members are the last closed month's
        # carried forward, those started and those ended since counted (reports.selectors).
        # By the day of joining: the open month's new members (members.new) are a range of
        # it, not a scan of the register (0.26 s at 10 M).
        indexes = [
            models.Index(fields=["union", "status"]),
            models.Index(fields=["started_on"]),
            models.Index(fields=["ended_on"]),
            models.Index(fields=["joined_on"], name="members_membership_joined_on"),
        ]

    def __str__(self):
        return f"{self.number} {self.person}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if fields is None or {"status", "union", "union_id", "person", "person_id"} & set(fields):
            # The person's copy of their union's path follows (Person.union_path).
            person = Person.objects.filter(pk=self.person_id)
            refresh_union_paths(person)
            if Membership.person.is_cached(self):
                self.person.union_path = person.values_list("union_path", flat=True).get()


def refresh_union_paths(people: "models.QuerySet[Person]") -> int:
    """Copy onto each of `people` the path of their active membership's union, or ""
    when they have none (Person.union_path), in one UPDATE; returns how many."""
    active = Membership.objects.filter(
        person_id=models.OuterRef("pk"), status=MembershipStatus.ACTIVE
    ).values("union__path")[:1]
    return people.update(union_path=Coalesce(models.Subquery(active), models.Value("")))


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class JoinRequest(PersonalDetails):
    """An application to join, carrying the applicant's own details.

    A request never changes a person on file: where its ID number matches one, `person` is
    that record and the reviewing cadre compares the two and confirms the applicant's
    identity before approving; otherwise the person is created when the request is approved.
    """

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="join_requests",
        verbose_name=_("applicant's account"),
    )
    person = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="join_requests",
        verbose_name=_("record on file"),
    )
    employer = models.ForeignKey(
        "orgs.Enterprise",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employer"),
    )
    # An employer not on file, as the applicant gave it: its credit code, when they know it.
    employer_credit_code = models.CharField(
        _("employer's credit code (not on file)"), max_length=18, blank=True
    )
    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="join_requests",
        verbose_name=_("reviewing union"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    membership = models.OneToOneField(
        Membership, models.PROTECT, null=True, blank=True, related_name="join_request"
    )

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_index"], condition=Q(status="pending"), name="members_one_pending_join"
            ),
        ]

    def __str__(self):
        return f"{crypto.person_name(self.name)} → {self.union}"


class IdConsent(models.Model):
    """A worker's separate consent to the processing of their ID number, which is
    sensitive personal information (PIPL art. 29-30): the version of the text they agreed
    to and when, and when they withdrew it.

    It belongs to the worker, not to a union: only its own account reads or withdraws it
    (selectors.my_id_consents, services.id_consent_withdraw), so it has no scope path.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="id_consents",
        verbose_name=_("account"),
    )
    join_request = models.OneToOneField(
        JoinRequest,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="id_consent",
        verbose_name=_("join request"),
    )
    version = models.CharField(_("version of the consent text"), max_length=20)
    given_at = models.DateTimeField(_("consent given at"))
    withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent to process the ID number")
        verbose_name_plural = _("consents to process the ID number")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.version} {self.given_at:%Y-%m-%d %H:%M}"


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    RELEASED = "released", _("released by the old union")
    ACCEPTED = "accepted", _("accepted by the new union")
    REJECTED = "rejected", _("rejected")


class Transfer(models.Model):
    membership = models.ForeignKey(
        Membership, models.PROTECT, related_name="transfers", verbose_name=_("membership")
    )
    from_union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("from union")
    )
    to_union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("to union")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TransferStatus.choices,
        default=TransferStatus.REQUESTED,
        db_index=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    new_membership = models.OneToOneField(
        Membership, models.PROTECT, null=True, blank=True, related_name="transfer_in"
    )

    # Both unions see a transfer: the one it leaves and the one it goes to.
    scope_path_field = ("from_union__path", "to_union__path")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                condition=Q(status__in=["requested", "released"]),
                name="members_one_open_transfer",
            ),
        ]

    def __str__(self):
        return f"{self.membership}: {self.from_union} → {self.to_union}"


class ImportJob(models.Model):
    """One upload of a member register, imported in the background (members.importer)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        # The worker ended while the job ran (core.jobs); it can be run again.
        INTERRUPTED = "interrupted", _("interrupted")

    class Mode(models.TextChoices):
        ALL_OR_NOTHING = "all_or_nothing", _("all or nothing: any bad row stops the import")
        GOOD_ROWS = "good_rows", _("good rows: import them, report the bad ones")

    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=255)
    mode = models.CharField(
        _("mode"), max_length=16, choices=Mode.choices, default=Mode.ALL_OR_NOTHING
    )
    dry_run = models.BooleanField(_("check only, write nothing"), default=False)
    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("every row into this union"),
    )
    # The subtree the job belongs to, for scoped reading: the target union's, else the
    # uploader's own.
    org_path = models.CharField(_("organization path"), max_length=255)
    # Reasons for bad rows are written in the uploader's language.
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows checked"), default=0)
    imported = models.PositiveIntegerField(_("members imported"), default=0)
    skipped = models.PositiveIntegerField(_("already imported"), default=0)
    # Bad rows: how many; the first ones, for the job page (importer.BAD_ROWS_SHOWN); all of
    # them, as (line, reason), in a sealed CSV file for the download.
    bad_count = models.PositiveIntegerField(_("bad rows"), default=0)
    bad_rows = models.JSONField(_("first bad rows"), default=list, blank=True)
    bad_rows_file = models.FileField(_("bad rows file"), upload_to="imports/bad-rows/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    scope_path_field = "org_path"
    scope_owner_field = "created_by"  # the uploader follows their own job anywhere
    objects = ScopedManager()

    class Meta:
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.file_name
