"""What the welfare capability writes to the audit, the codes of its refusals, and the
account and posting kinds it keeps on the one ledger (campaigns.ledger)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.audit import AuditAction
from gonghui.core.errors import ErrorCode


class Action(AuditAction):
    PLAN_CREATED = "welfare_plan_created"
    ENROLLED = "welfare_enrolled"
    CLAIM_FILED = "welfare_claim_filed"
    CLAIM_APPROVED = "welfare_claim_approved"
    CLAIM_REJECTED = "welfare_claim_rejected"
    CLAIM_PAID = "welfare_claim_paid"
    CLAIMS_BATCH = "welfare_claims_batch"
    HEALTH_PROGRAM_CREATED = "welfare_health_program_created"
    SCREENING_BOOKED = "welfare_screening_booked"
    SCREENING_RESULT = "welfare_screening_result"
    CARE_VISIT = "welfare_care_visit"
    TALK_RECORDED = "welfare_talk_recorded"
    COUNSELLOR_NAMED = "welfare_counsellor_named"
    SESSION_ASKED = "welfare_session_asked"
    SESSION_HELD = "welfare_session_held"
    REST_PROGRAM_CREATED = "welfare_rest_program_created"
    REST_QUOTA_SET = "welfare_rest_quota_set"
    REST_SELECTED = "welfare_rest_selected"
    REST_TRIP = "welfare_rest_trip"


class Code(ErrorCode):
    NOT_COVERED = "not_covered"  # the member has no cover of this kind for that year
    NOT_OWNER = "not_plan_owner"  # only the plan's federation reviews and pays
    DECIDED = "claim_decided"  # the claim is not at the step for this action
    FOUR_EYES = "four_eyes"  # the reviewer does not pay, the claimant does not review
    NOTHING_DUE = "nothing_due"  # the rules give no payout (deductible, cap reached)
    KEY_REUSED = "key_reused"  # an idempotency key of a different claim
    NOT_BELOW = "not_below_owner"  # the union is not under the plan's federation
    FULL = "places_full"  # a program's or a union's places are all given
    ALREADY = "already_in"  # the member already has an appointment or a place
    NOT_WOMAN = "not_woman"  # two-cancer screening is for women workers
    NO_COUNSELLOR = "no_counsellor"  # the member's union names no counsellor


# Money of mutual insurance on the ledger: premiums go from the paying union's
# contributions into the plan federation's fund; a claim is paid out of that fund.
FUND = "welfare_fund"  # money the fund holds (debit-normal: it cannot go below zero)
CONTRIBUTED = "welfare_contrib"  # what a union put into welfare (credit-normal)
CLAIMS_PAID = "welfare_claims_paid"  # claims paid out of the fund
# Care visits and rest trips are paid from the union's general funds ("available"), as
# honours' care for model workers is.
CARE_GIVEN = "welfare_care"
REST_SPENT = "welfare_rest"

ACCOUNTS = [
    (FUND, _("mutual insurance fund"), False),
    (CONTRIBUTED, _("welfare contributions"), True),
    (CLAIMS_PAID, _("mutual insurance claims paid"), False),
    (CARE_GIVEN, _("care money given to seriously ill workers"), False),
    (REST_SPENT, _("rest and recuperation costs"), False),
]

PREMIUM = "welfare_premium"
CLAIM = "welfare_claim"
CARE_VISIT = "welfare_care_visit"
REST_TRIP = "welfare_rest_trip"

POSTINGS = [
    (PREMIUM, _("mutual insurance premiums")),
    (CLAIM, _("mutual insurance claim paid")),
    (CARE_VISIT, _("care visit to a seriously ill worker")),
    (REST_TRIP, _("rest and recuperation trip")),
]
