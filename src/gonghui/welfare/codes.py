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


class Code(ErrorCode):
    NOT_COVERED = "not_covered"  # the member has no cover of this kind for that year
    NOT_OWNER = "not_plan_owner"  # only the plan's federation reviews and pays
    DECIDED = "claim_decided"  # the claim is not at the step for this action
    FOUR_EYES = "four_eyes"  # the reviewer does not pay, the claimant does not review
    NOTHING_DUE = "nothing_due"  # the rules give no payout (deductible, cap reached)
    KEY_REUSED = "key_reused"  # an idempotency key of a different claim
    NOT_BELOW = "not_below_owner"  # the union is not under the plan's federation


# Money of mutual insurance on the ledger: premiums go from the paying union's
# contributions into the plan federation's fund; a claim is paid out of that fund.
FUND = "welfare_fund"  # money the fund holds (debit-normal: it cannot go below zero)
CONTRIBUTED = "welfare_contrib"  # what a union put into welfare (credit-normal)
CLAIMS_PAID = "welfare_claims_paid"  # claims paid out of the fund

ACCOUNTS = [
    (FUND, _("mutual insurance fund"), False),
    (CONTRIBUTED, _("welfare contributions"), True),
    (CLAIMS_PAID, _("mutual insurance claims paid"), False),
]

PREMIUM = "welfare_premium"
CLAIM = "welfare_claim"

POSTINGS = [
    (PREMIUM, _("mutual insurance premiums")),
    (CLAIM, _("mutual insurance claim paid")),
]
