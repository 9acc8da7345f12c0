"""Demo needy-worker files and aid applications for the demo province (its campaigns and
funds follow in campaigns.demo). Deterministic for a seed; fast: rows are bulk-inserted.

Called by the demo command after the tree and the members:
    from gonghui.assistance.demo import build_demo
    counts = build_demo("small", 2022)
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import Role, RoleKind, User
from gonghui.core import audit, crypto
from gonghui.core.bulk import copy_objects, next_id, reset_sequence
from gonghui.members.demo import DEMO_MEMBER_USERNAME
from gonghui.members.models import Membership, MembershipStatus
from gonghui.orgs.demo import demo_province
from gonghui.orgs.models import Organization, OrgKind

from .codes import Action
from .models import (
    AidApplication,
    AidKind,
    ApplicationStatus,
    ApplicationStep,
    CloseReason,
    Consent,
    ConsentMethod,
    HardshipFile,
    HouseholdMember,
    SchoolLevel,
    StepDecision,
    Tier,
)
from .services import add_years, application_submit, chain_for, chain_steps

# Needy-worker files per county or district federation.
FILES_PER_COUNTY = {"tiny": 3, "small": 12, "medium": 60, "large": 300, "province": 600}
TIERS = [Tier.DEEP] * 2 + [Tier.RELATIVE] * 6 + [Tier.ACCIDENTAL] * 2
CAUSES = (
    ["illness"] * 4
    + ["disability"] * 2
    + ["accident", "unemployment"] * 2
    + ["school"] * 3
    + ["low_wage", "single_parent", "disaster"]
)
CHILDREN = "雨欣浩然子涵宇轩梓萱俊杰思远欣怡"
SCHOOLS = [
    ("东北大学", "university"),
    ("大连理工大学", "university"),
    ("辽宁大学", "university"),
    ("沈阳工业大学", "university"),
    ("辽宁职业技术学院", "college"),
    ("沈阳市第二十中学", "senior"),
]
HOSPITALS = [
    "中国医科大学附属第一医院",
    "辽宁省肿瘤医院",
    "沈阳市第四人民医院",
    "大连医科大学附属第二医院",
]
ILLNESSES = ["尿毒症，规律透析", "恶性肿瘤术后化疗", "脑梗后遗症", "重度再生障碍性贫血"]


def demo_actors(province: Organization) -> tuple[User, User]:
    """A maker and a different checker at the province: the demo's "province" and "admin"
    accounts when the tree's demo made them, else two accounts of this demo."""
    actors = []
    for wanted, fallback in (("province", "aid_maker"), ("admin", "aid_checker")):
        user = User.objects.filter(
            username=wanted,
            roles__organization=province,
            roles__kind__in=[RoleKind.FEDERATION_STAFF, RoleKind.SYSADMIN],
        ).first()
        if user is None:
            user, created = User.objects.get_or_create(
                username=fallback, defaults={"last_name": "帮扶"}
            )
            if created:
                user.set_unusable_password()
                user.save()
            Role.objects.get_or_create(
                user=user, kind=RoleKind.FEDERATION_STAFF, organization=province
            )
        actors.append(user)
    return actors[0], actors[1]


def _counties(province: Organization) -> list[Organization]:
    return list(
        Organization.objects.filter(
            path__startswith=province.path, kind=OrgKind.COUNTY, is_active=True
        ).order_by("path")
    )


@transaction.atomic
def add_files(*, scale: str, seed: int, province: Organization, maker: User) -> dict[str, int]:
    rng = random.Random(seed)
    per_county = FILES_PER_COUNTY[scale]
    today = timezone.localdate()
    now = timezone.now()
    files, household, consents, reviews_due = [], [], [], 0
    file_id, consent_id = next_id(HardshipFile), next_id(Consent)
    for county in _counties(province):
        candidates = list(
            Membership.objects.filter(
                union__path__startswith=county.path,
                status=MembershipStatus.ACTIVE,
                person__hardship_files__isnull=True,
            )
            .select_related("union")
            .order_by("pk")[: per_county * 4]
        )
        for membership in rng.sample(candidates, min(per_county, len(candidates))):
            opened = date(2019, 1, 1) + timedelta(days=rng.randint(0, 365 * 4))
            reviewed = None
            if opened < today - timedelta(days=365) and rng.random() < 0.8:
                reviewed = min(today, add_years(opened, 1) + timedelta(days=rng.randint(0, 200)))
            due = add_years(reviewed or opened, 1)
            reviews_due += due < today
            closed = rng.random() < 0.15 and opened < date(2022, 6, 1)
            income = rng.randrange(30000, 150000, 100)  # fen per person per month
            consents.append(
                Consent(
                    id=consent_id,
                    person_id=membership.person_id,
                    union_id=membership.union_id,
                    given_by="本人",
                    method=ConsentMethod.PAPER,
                    given_at=now,
                    recorded_by=maker,
                )
            )
            causes = sorted(set(rng.sample(CAUSES, rng.choice((1, 2)))))
            files.append(
                HardshipFile(
                    id=file_id,
                    number=f"KN{membership.union.region_id or '000000'}{file_id:08d}",
                    person_id=membership.person_id,
                    union_id=membership.union_id,
                    tier=rng.choice(TIERS),
                    causes="," + ",".join(causes) + ",",
                    status="closed" if closed else "open",
                    opened_on=opened,
                    closed_on=opened + timedelta(days=rng.randint(200, 700)) if closed else None,
                    close_reason=rng.choice(CloseReason.values[:5]) if closed else "",
                    last_reviewed_on=reviewed,
                    next_review_due=due,
                    income_cipher=crypto.encrypt(str(income)),
                    illness_cipher=crypto.encrypt(rng.choice(ILLNESSES))
                    if "illness" in causes
                    else "",
                    consent_id=consent_id,
                    created_by=maker,
                )
            )
            for _ in range(rng.randint(1, 4)):
                relation = rng.choice(["spouse", "child", "child", "parent"])
                age = {
                    "spouse": rng.randint(28, 60),
                    "child": rng.randint(3, 22),
                    "parent": rng.randint(60, 88),
                }[relation]
                condition = {
                    "spouse": rng.choice(["working", "unemployed", "ill"]),
                    "child": "student" if age >= 7 else "child",
                    "parent": rng.choice(["elderly", "ill", "disabled"]),
                }[relation]
                household.append(
                    HouseholdMember(
                        file_id=file_id,
                        name=rng.choice("王李张刘陈") + rng.choice(CHILDREN) + rng.choice(CHILDREN),
                        relation=relation,
                        age=age,
                        condition=condition,
                    )
                )
            file_id += 1
            consent_id += 1
    copy_objects(Consent, consents, batch_size=2000)
    copy_objects(HardshipFile, files, batch_size=2000)
    copy_objects(HouseholdMember, household, batch_size=2000)
    reset_sequence(Consent)
    reset_sequence(HardshipFile)
    audit.record(
        actor=maker, action=Action.DEMO_FILES, org_path=province.path, changes={"files": len(files)}
    )
    return {"needy-worker files": len(files), "household members": len(household)}


@transaction.atomic
def add_applications(*, seed: int, province: Organization, maker: User) -> dict[str, int]:
    """Applications for about a third of the open files, each kind for its cause, most
    through the whole chain (approved), some waiting at a step, a few rejected."""
    rng = random.Random(seed + 1)
    now = timezone.now()
    this_year = timezone.localdate().year
    files = list(
        HardshipFile.objects.filter(union__path__startswith=province.path, status="open")
        .select_related("union")
        .order_by("pk")
    )
    chains: dict = {}
    steps: list[ApplicationStep] = []
    count = 0
    application_id = next_id(AidApplication)
    applications = []
    for file in files:
        if rng.random() > 0.35:
            continue
        kind = (
            AidKind.SCHOOL
            if "school" in file.causes
            else AidKind.MEDICAL
            if "illness" in file.causes
            else AidKind.LIVING
        )
        key = (file.union_id, kind)
        if key not in chains:
            chains[key] = chain_steps(file.union, chain_for(file.union, kind))
        chain = chains[key]
        requested = rng.randrange(100000, 500000, 10000)
        fate = rng.random()
        reached = len(chain) if fate < 0.7 else rng.randint(0, len(chain) - 1)
        rejected = 0.7 <= fate < 0.8
        status = (
            ApplicationStatus.APPROVED
            if reached == len(chain)
            else ApplicationStatus.REJECTED
            if rejected
            else ApplicationStatus.REVIEWING
        )
        amount = requested - rng.randrange(0, requested // 2, 10000)
        fields = {}
        if kind == AidKind.SCHOOL:
            school, level = rng.choice(SCHOOLS)
            fields = {
                "child_name": rng.choice("王李张刘陈")
                + rng.choice(CHILDREN)
                + rng.choice(CHILDREN),
                "school_name": school,
                "school_year": this_year,
                "school_level": level if level in SchoolLevel.values else "university",
            }
        elif kind == AidKind.MEDICAL:
            fields = {
                "hospital": rng.choice(HOSPITALS),
                "bills_amount": rng.randrange(2000000, 20000000, 10000),
                "illness_cipher": crypto.encrypt(rng.choice(ILLNESSES)),
            }
        applications.append(
            AidApplication(
                id=application_id,
                kind=kind,
                person_id=file.person_id,
                file_id=file.pk,
                union_id=file.union_id,
                applied_by=maker,
                by_cadre=True,
                status=status,
                requested_amount=requested,
                reason="家庭困难，申请帮扶",
                approved_amount=amount if status == ApplicationStatus.APPROVED else None,
                consent_id=file.consent_id,
                current_step=min(reached + 1, len(chain)),
                decided_at=now if status != ApplicationStatus.REVIEWING else None,
                **fields,
            )
        )
        for order, (level, org) in enumerate(chain, start=1):
            done = order <= reached
            refused = rejected and order == reached + 1
            steps.append(
                ApplicationStep(
                    application_id=application_id,
                    order=order,
                    level=level,
                    org=org,
                    decision=StepDecision.APPROVED
                    if done
                    else StepDecision.REJECTED
                    if refused
                    else StepDecision.PENDING,
                    amount=amount if done else None,
                    comment="情况属实" if done else "材料不全" if refused else "",
                    decided_by=maker if done or refused else None,
                    decided_at=now if done or refused else None,
                )
            )
        application_id += 1
        count += 1
    copy_objects(AidApplication, applications, batch_size=2000)
    copy_objects(ApplicationStep, steps, batch_size=2000)
    reset_sequence(AidApplication)
    audit.record(
        actor=maker,
        action=Action.DEMO_APPLICATIONS,
        org_path=province.path,
        changes={"applications": count},
    )
    return {"aid applications": count}


def add_member_application() -> AidApplication | None:
    """The demo `member` account applies, on its phone, for school aid for its daughter:
    submitted through the service, so it waits at the first step of its chain. Nothing is
    written if the account has no active membership or has applied already."""
    user = User.objects.filter(username=DEMO_MEMBER_USERNAME).first()
    if (
        user is None
        or not Membership.objects.filter(person__user=user, status=MembershipStatus.ACTIVE).exists()
        or AidApplication.objects.filter(person__user=user).exists()
    ):
        return None
    return application_submit(
        actor=user,
        kind=AidKind.SCHOOL,
        requested_amount=300000,
        reason="女儿今年考入高中，家中老人患病常年用药，学费和住宿费有困难，申请金秋助学。",
        consent=True,
        child_name="刘雨欣",
        school_name="沈阳市第二十中学",
        school_year=timezone.localdate().year,
        school_level=SchoolLevel.SENIOR,
    )


def build_demo(scale: str = "small", seed: int = 2022, progress=None) -> dict[str, int]:
    """Files and applications."""
    if scale not in FILES_PER_COUNTY:
        raise ValueError(f"unknown scale {scale!r}; one of {sorted(FILES_PER_COUNTY)}")
    province = demo_province()
    if province is None:
        return {}
    maker, _checker = demo_actors(province)
    counts = add_files(scale=scale, seed=seed, province=province, maker=maker)
    counts.update(add_applications(seed=seed, province=province, maker=maker))
    add_member_application()
    return counts
