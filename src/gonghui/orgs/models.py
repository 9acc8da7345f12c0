"""The organization tree, regions and enterprises.

Subtrees are found by a materialized path: "/1/7/42/" for the union with id 42 under
7 under 1. Every statistic and every scope check is a prefix match on this path.
"""

from functools import lru_cache
from itertools import chain

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from pypinyin import Style
from pypinyin.converter import UltimateConverter
from pypinyin.core import Pinyin

from gonghui.core.bulk import update_column
from gonghui.core.fields import ByteOrderCharField, columns_but
from gonghui.core.scoping import ScopedManager
from gonghui.core.validators import clean_credit_code, clean_union_credit_code

# Place names read as places (朝阳 is Cháoyáng): orgs.readings loads them into pypinyin.
from .readings import PLACE_READINGS as PLACE_READINGS  # noqa: E402

# What pypinyin's lazy_pinyin(name, style, errors="default") does, in its two steps: the
# name is cut into words (phrases of its dictionary, single characters, runs without
# pinyin), then each word is converted. The cut does not depend on the style, and a word's
# conversion depends only on the word: so a name is cut once for both forms, and each
# word's two forms are kept (an import of a million names converts each distinct
# character once instead of twice a name: bench/RESULTS.md, Import).
_PINYIN = Pinyin(UltimateConverter())


@lru_cache(maxsize=32_768)
def _word_pinyin(word: str) -> tuple[str, str]:
    def converted(style: Style) -> str:
        items = _PINYIN._converter.convert(word, style, False, "default", strict=True)
        return "".join(chain.from_iterable(items))

    return converted(Style.NORMAL), converted(Style.FIRST_LETTER)


def name_pinyin(name: str) -> tuple[str, str]:
    """Full pinyin and initials: 沈阳市总工会 -> ('shenyangshizonggonghui', 'syszgh');
    the same as "".join(lazy_pinyin(name, style)).lower() for the two styles."""
    words = [_word_pinyin(word) for word in _PINYIN.seg(name)]
    return (
        "".join(full for full, _initials in words).lower(),
        "".join(initials for _full, initials in words).lower(),
    )


def pinyin_key(name: str) -> str:
    """Both forms in one column, for the smaller tables searched by substring."""
    return " ".join(name_pinyin(name))


def _on_field(field: str, cleaner, value):
    """Run a cleaner so that its error is reported against `field`, not the whole form."""
    try:
        return cleaner(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.error_list}) from exc


def _with_pinyin(save_kwargs: dict, *, sort_key: bool = False) -> dict:
    """A save of some fields that include the name saves its pinyin too; `sort_key`: and
    a save of a field the official order reads (Organization.sort_key) saves the key."""
    fields = save_kwargs.get("update_fields")
    if fields is None:
        return save_kwargs
    fields = set(fields)
    if "name" in fields:
        fields.add("name_pinyin")
    if sort_key and fields & SORT_KEY_SOURCES:
        fields.add("sort_key")
    return {**save_kwargs, "update_fields": fields}


# The official order of organizations (Organization.sort_key): by division code (the
# province 210000, then each city 210100, 210200 … followed by its counties 210102,
# 210103 …), then by level (depth), then by name in pinyin (阿 a before 白 bai, not the
# characters' code points), then by id. An organization without a region of its own (a
# grassroots union) stands with its parent's division, else its grandparent's; with none
# of the three it comes first. The key holds the first three parts in fixed widths, so that
# comparing keys code point by code point (core.fields.ByteOrderCharField) compares them
# part by part: a B-tree index led by (sort_key, id) is the whole order, and a page of the
# organizations list is an index range (core.lists.keyset_key).
SORT_KEY_CODE_WIDTH = 6  # GB/T 2260 division codes; padded with spaces, which sort first
SORT_KEY_DEPTH_WIDTH = 2  # the tree's depth (ALLOWED_PARENTS: six levels at most)
# The fields a save of some fields writes the key with (a move rewrites it: services).
SORT_KEY_SOURCES = frozenset({"name", "region", "region_id", "parent", "parent_id", "depth"})


def official_sort_key(
    *, regions: tuple[str | None, str | None, str | None], depth: int, name_pinyin: str
) -> str:
    """The stored official-order key of an organization: `regions` are the division codes
    of the organization, its parent and its grandparent (None where there is none), the
    first of them the one it stands with; then its depth and its name's pinyin (pinyin_key).
    orgs.services keeps it right when a region, a name or the tree changes
    (refresh_sort_keys), orgs.demo writes it with its rows."""
    code = next((c for c in regions if c is not None), "")
    if len(code) > SORT_KEY_CODE_WIDTH or not 0 <= depth < 10**SORT_KEY_DEPTH_WIDTH:
        raise ValueError(f"no official-order key for division {code!r} at depth {depth}")
    return f"{code:<{SORT_KEY_CODE_WIDTH}}{depth:0{SORT_KEY_DEPTH_WIDTH}d}{name_pinyin}"


def refresh_sort_keys(organizations: models.QuerySet) -> int:
    """Write official_sort_key again for `organizations` (a queryset of Organization, or
    of the migrations' historical model), where it changed; returns the rows written. For
    the rows a save does not reach: a subtree that moved (every depth below changed), the
    children and grandchildren of an organization whose region changed, existing rows."""
    model = organizations.model
    rows = organizations.order_by("pk").values_list(
        "pk",
        "region_id",
        "parent__region_id",
        "parent__parent__region_id",
        "depth",
        "name_pinyin",
        "sort_key",
    )
    changed = {}
    for pk, own, parent, grandparent, depth, pinyin, stored in rows.iterator(chunk_size=5000):
        key = official_sort_key(regions=(own, parent, grandparent), depth=depth, name_pinyin=pinyin)
        if key != stored:
            changed[pk] = key
    return update_column(model, "sort_key", changed)


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        CITY = "city", _("city")
        COUNTY = "county", _("county or district")

    code = models.CharField(_("division code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=pgettext_lazy("organization", "parent"),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class OrgKind(models.TextChoices):
    NATIONAL = "national", _("national federation")
    PROVINCIAL = "provincial", _("provincial federation")
    CITY = "city", _("city federation")
    COUNTY = "county", _("county or district federation")
    TOWNSHIP = "township", _("township or street union")
    INDUSTRY = "industry", _("industry union")
    GRASSROOTS = "grassroots", _("grassroots union")
    JOINT = "joint", _("joint grassroots union")


# The federations (总工会) of the administrative levels: they own review chains, campaigns
# and budgets, and write the summary report as a federation rather than as a union.
FEDERATION_KINDS = frozenset({OrgKind.NATIONAL, OrgKind.PROVINCIAL, OrgKind.CITY, OrgKind.COUNTY})


class WorkKind(models.TextChoices):
    """Employment form; every kind but REGULAR is new-form (gig) work. A member's
    (members.Person.work_kind) and what a joint union takes in (Organization.takes_in)."""

    REGULAR = "regular", _("regular employment")
    TRUCK_DRIVER = "truck_driver", _("truck driver")
    RIDE_HAIL = "ride_hail", _("ride-hail driver")
    COURIER = "courier", _("courier")
    DELIVERY_RIDER = "delivery_rider", _("delivery rider")
    OTHER_GIG = "other_gig", _("other new-form work")


# Which kinds may stand directly under which: the shape of a federation.
ALLOWED_PARENTS: dict[str, set[str]] = {
    OrgKind.NATIONAL: set(),
    OrgKind.PROVINCIAL: {OrgKind.NATIONAL},
    OrgKind.CITY: {OrgKind.PROVINCIAL},
    OrgKind.COUNTY: {OrgKind.CITY},
    OrgKind.TOWNSHIP: {OrgKind.COUNTY},
    OrgKind.INDUSTRY: {OrgKind.NATIONAL, OrgKind.PROVINCIAL, OrgKind.CITY, OrgKind.COUNTY},
    OrgKind.GRASSROOTS: {OrgKind.CITY, OrgKind.COUNTY, OrgKind.TOWNSHIP, OrgKind.INDUSTRY},
    OrgKind.JOINT: {OrgKind.COUNTY, OrgKind.TOWNSHIP, OrgKind.INDUSTRY},
}
# A tree may start at the national federation, or at a province that runs its own platform.
ROOT_KINDS = {OrgKind.NATIONAL, OrgKind.PROVINCIAL}


class Industry(models.TextChoices):
    """Sections of GB/T 4754-2017, the national industry classification."""

    A = "A", _("agriculture, forestry, animal husbandry and fishery")
    B = "B", _("mining")
    C = "C", _("manufacturing")
    D = "D", _("electricity, heat, gas and water")
    E = "E", _("construction")
    F = "F", _("wholesale and retail")
    G = "G", _("transport, storage and post")
    H = "H", _("accommodation and catering")
    I = "I", _("information technology services")  # noqa: E741
    J = "J", _("finance")
    K = "K", _("real estate")
    L = "L", _("leasing and business services")
    M = "M", _("scientific research and technical services")
    N = "N", _("water, environment and public facilities")
    O = "O", _("residents' services and repairs")  # noqa: E741
    P = "P", pgettext_lazy("industry", "education")
    Q = "Q", _("health and social work")
    R = "R", _("culture, sports and entertainment")
    S = "S", _("public administration and social organizations")


class Ownership(models.TextChoices):
    STATE = "state", _("state-owned")
    COLLECTIVE = "collective", _("collective")
    PRIVATE = "private", _("private")
    FOREIGN = "foreign", _("foreign-invested")
    HMT = "hmt", _("Hong Kong, Macao or Taiwan invested")
    PUBLIC_INSTITUTION = "institution", _("public institution")
    OTHER = "other", _("other")


class Size(models.TextChoices):
    LARGE = "large", _("large")
    MEDIUM = "medium", _("medium")
    SMALL = "small", _("small")
    MICRO = "micro", _("micro")


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=100)
    # As the organization writes itself in English ("Shenyang Federation of Trade Unions");
    # empty: English outputs use orgs.english's rule (display_name).
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    name_pinyin = models.CharField(_("pinyin"), max_length=400, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=12, choices=OrgKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=pgettext_lazy("organization", "parent"),
    )
    path = models.CharField(_("path"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    # The official order in one column (official_sort_key): the organizations list pages
    # by (sort_key, id). Kept right by save(), orgs.services (refresh_sort_keys) and the
    # demo's rows; a bulk UPDATE of region, parent, depth or name must refresh it too.
    sort_key = ByteOrderCharField(
        _("official order key"),
        max_length=SORT_KEY_CODE_WIDTH + SORT_KEY_DEPTH_WIDTH + 400,  # name_pinyin's 400
        editable=False,
        default="",
    )
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("region"),
    )
    credit_code = models.CharField(
        _("union credit code"), max_length=18, unique=True, null=True, blank=True
    )
    enterprise = models.ForeignKey(
        "Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="unions",
        verbose_name=_("enterprise"),
    )
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    # For joint and industry unions: the kinds of gig work whose workers they take in
    # (WorkKind values), used to route online join requests.
    takes_in = models.JSONField(_("takes in workers of"), default=list, blank=True)
    is_active = models.BooleanField(pgettext_lazy("in use", "active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path"]
        indexes = [
            # LIKE 'prefix%' on PostgreSQL needs the pattern operator class.
            models.Index(
                fields=["path"], name="orgs_org_path_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["parent", "name"]),
            # The official order (sort_key is compared by code point: COLLATE "C"), then
            # the path: a city's or county's page finds its ids by walking this index alone,
            # skipping the other subtrees' entries without reading their rows (ids_first).
            models.Index(fields=["sort_key", "id", "path"], name="orgs_org_sort_key_id_path"),
            # A form's suggestions: the top of the tree first (selectors.org_suggestions), 200
            # rows read in order instead of all 200,000 of a province sorted (0.6 s).
            models.Index(fields=["depth", "sort_key", "id"], name="orgs_org_depth_sort_key"),
        ]

    def __str__(self):
        return self.name

    # Organizations are scoped by their own path.
    scope_path_field = "path"

    def save(self, *args, **kwargs):
        self.name_pinyin = pinyin_key(self.name)
        self.sort_key = official_sort_key(
            regions=self.order_regions(), depth=self.depth, name_pinyin=self.name_pinyin
        )
        super().save(*args, **_with_pinyin(kwargs, sort_key=True))
        fields = kwargs.get("update_fields")
        if fields is None or {"enterprise", "enterprise_id", "is_active"} & set(fields):
            self._refresh_enterprises()

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        self._refresh_enterprises()
        return deleted

    @classmethod
    def from_db(cls, *args, **kwargs):
        org = super().from_db(*args, **kwargs)
        # The enterprise as stored: a save that moves the union to another enterprise
        # refreshes both enterprises' has_union.
        org._stored_enterprise_id = org.__dict__.get("enterprise_id")
        return org

    def _refresh_enterprises(self) -> None:
        """Enterprise.has_union of the enterprise this union stands for, and of the one it
        stood for when read (a query only when there is one)."""
        stood = getattr(self, "_stored_enterprise_id", None)
        ids = {pk for pk in (self.enterprise_id, stood) if pk is not None}
        if ids:
            refresh_has_union(Enterprise.objects.filter(pk__in=ids))
        self._stored_enterprise_id = self.enterprise_id

    def order_regions(self) -> tuple[str | None, str | None, str | None]:
        """The division codes of this organization, its parent and its grandparent, as
        official_sort_key reads them (the parent's and grandparent's looked up only when
        the ones before are missing)."""
        if self.region_id is not None or self.parent_id is None:
            return (self.region_id, None, None)
        parent = self.parent
        assert parent is not None
        if parent.region_id is not None or parent.parent_id is None:
            return (None, parent.region_id, None)
        cached = parent._state.fields_cache.get("parent")  # select_related("parent__parent")
        if cached is not None:
            return (None, None, cached.region_id)
        grandparent = (
            Organization.objects.filter(pk=parent.parent_id)
            .values_list("region_id", flat=True)
            .first()
        )
        return (None, None, grandparent)

    def clean(self):
        if self.credit_code:
            self.credit_code = _on_field("credit_code", clean_union_credit_code, self.credit_code)
        allowed = ALLOWED_PARENTS.get(self.kind, set())
        if self.parent_id is None and self.kind not in ROOT_KINDS:
            raise ValidationError(
                {
                    "parent": _("A %(kind)s needs a parent organization.")
                    % {"kind": self.get_kind_display()}
                }
            )
        if self.parent is not None:
            if self.parent.kind not in allowed:
                raise ValidationError(
                    {
                        "parent": _("A %(kind)s cannot stand under a %(parent)s.")
                        % {
                            "kind": self.get_kind_display(),
                            "parent": self.parent.get_kind_display(),
                        }
                    }
                )
            if self.pk and self.path and self.parent.path.startswith(self.path):
                raise ValidationError(
                    {
                        "parent": _(
                            "An organization cannot be moved under "
                            "itself or one of its own members."
                        )
                    }
                )

    def display_name(self, lang: str | None = None) -> str:
        """The name in a document's or page's language (default: the active one): the
        English name entered, else the rule's (orgs.english); Traditional Chinese through
        core.chinese; else the name. Every output that names an organization uses this."""
        lang = (lang or get_language() or "zh-hans").lower()
        if lang.startswith("en"):
            from .english import english_name

            return self.name_en or english_name(self.name) or self.name
        if lang.startswith(("zh-hant", "zh-tw", "zh-hk")):
            from gonghui.core.chinese import to_traditional

            return to_traditional(self.name)
        return self.name

    @property
    def display_name_en(self) -> str:
        """The English name whatever the page's language (what the rule would write)."""
        return self.display_name("en")

    def ancestors_paths(self) -> list[str]:
        """'/1/7/42/' -> ['/1/', '/1/7/', '/1/7/42/']."""
        parts = [p for p in self.path.split("/") if p]
        return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


class Enterprise(models.Model):
    name = models.CharField(_("name"), max_length=120)
    name_pinyin = models.CharField(_("pinyin"), max_length=480, editable=False, db_index=True)
    credit_code = models.CharField(_("credit code"), max_length=18, unique=True)
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices)
    ownership = models.CharField(_("ownership"), max_length=12, choices=Ownership.choices)
    size = models.CharField(_("size"), max_length=6, choices=Size.choices)
    employees = models.PositiveIntegerField(_("employees"), default=0)
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="enterprises", verbose_name=_("region")
    )
    # The union that keeps this enterprise's record: its own union or the local one.
    keeper = models.ForeignKey(
        Organization,
        models.PROTECT,
        related_name="kept_enterprises",
        verbose_name=_("keeping union"),
    )
    # The keeper's path, copied onto the row: a subtree's enterprises are a range of an
    # index, and a county's page by name walks (name_pinyin, id, keeper_path) and skips
    # the other counties' entries without reading their rows (core.lists ids_first)
    # instead of joining every enterprise to its keeper. Set by save() when the keeper
    # changes; the demo writes it; org_move rewrites it with the tree (_path_copies).
    keeper_path = models.CharField(_("keeping union's path"), max_length=255, editable=False)
    # Whether an active union stands for this enterprise (a copy of
    # EXISTS(unions, is_active)): the enterprises without a union are counted and paged
    # from an index instead of an anti-join over every enterprise. Kept by
    # Organization.save()/delete() (refresh_has_union) and by the demo's rows.
    has_union = models.BooleanField(_("has a union"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_field = "keeper_path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]
        indexes = [
            # Most employees first ("-employees", "-id"), read backwards: the enterprises
            # without a union (outreach.lists.UNORGANIZED) page by key.
            models.Index(fields=["employees", "id"], name="orgs_ent_employees_id"),
            # The same order among the enterprises without a union: their count and pages
            # read only these (a tenth of the enterprises in the demo province).
            models.Index(
                fields=["employees", "id"],
                condition=models.Q(has_union=False),
                name="orgs_ent_without_union",
            ),
            # A subtree's enterprises (the count, the coverage): a range of the path.
            models.Index(
                fields=["keeper_path"],
                name="orgs_ent_keeper_path",
                opclasses=["varchar_pattern_ops"],
            ),
            # By name within a subtree: the path rides in the name's index (ids_first).
            models.Index(
                fields=["name_pinyin", "id", "keeper_path"], name="orgs_ent_pinyin_keeper"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_pinyin = pinyin_key(self.name)
        kwargs = _with_pinyin(kwargs)
        # The keeper's path is read when the keeper is new or changed; otherwise the row's
        # copy stands (org_move rewrites it: a record read before a move must not write
        # the old path back), as has_union does (refresh_has_union keeps it).
        kept = {"has_union"}
        if self.keeper_id is not None and (
            not self.keeper_path or self.keeper_id != getattr(self, "_stored_keeper_id", None)
        ):
            self.keeper_path = self.keeper.path
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "keeper_path"}
        else:
            kept.add("keeper_path")
        if kwargs.get("update_fields") is None and not self._state.adding:
            kwargs["update_fields"] = columns_but(self, kept)
        super().save(*args, **kwargs)
        self._stored_keeper_id: int | None = self.keeper_id

    @classmethod
    def from_db(cls, *args, **kwargs):
        enterprise = super().from_db(*args, **kwargs)
        enterprise._stored_keeper_id = enterprise.__dict__.get("keeper_id")
        return enterprise

    def clean(self):
        if self.credit_code:
            self.credit_code = _on_field("credit_code", clean_credit_code, self.credit_code)


def refresh_has_union(enterprises: "models.QuerySet[Enterprise]") -> int:
    """Set Enterprise.has_union of each of `enterprises` from its unions (an active one
    stands for it), in one UPDATE; returns how many."""
    active = Organization.objects.filter(enterprise_id=models.OuterRef("pk"), is_active=True)
    return enterprises.update(has_union=models.Exists(active))
