"""What the campaigns capability writes to the audit, and the codes of its refusals.

A caller branches on a code (the page's messages, an API client that retries a payment),
so each value is the one published before the enumerations and never changes.
"""

from gonghui.core.audit import AuditAction
from gonghui.core.errors import ErrorCode


class Action(AuditAction):
    CAMPAIGN_CREATED = "campaign_created"
    CAMPAIGN_BUDGET_ADDED = "campaign_budget_added"
    CAMPAIGN_CLOSED = "campaign_closed"
    ALLOCATED = "allocated"
    ALLOCATION_PROPOSED = "allocation_proposed"  # above the campaign's threshold
    ALLOCATION_REJECTED = "allocation_rejected"
    THRESHOLD_SET = "allocation_threshold_set"
    BENEFICIARY_ADDED = "beneficiary_added"
    BENEFICIARIES_PICKED = "beneficiaries_picked"
    BENEFICIARY_REMOVED = "beneficiary_removed"
    PAYMENT_PROPOSED = "payment_proposed"
    PAYMENT_APPROVED = "payment_approved"
    PAYMENT_REJECTED = "payment_rejected"
    PAYMENT_REVERSED = "payment_reversed"
    FUNDS_RECEIVED = "funds_received"
    GRANT_BATCH = "grant_batch"
    DEMO_PAYMENTS = "demo_payments"  # the demo's payments, a county at a time


class Code(ErrorCode):
    CLOSED = "closed"  # the campaign is closed: no money moves in it
    INSUFFICIENT = "insufficient"  # more than the account holds
    UNBALANCED = "unbalanced"  # a posting's legs do not sum to zero
    NO_MONEY = "no_money"  # the paying union received nothing of the campaign
    NOT_APPROVED = "not_approved"  # the application is not waiting for payment
    LISTED = "listed"  # the person is already on the campaign's list (409)
    HAS_PAYMENTS = "has_payments"  # a listed person with a payment stays listed
    KEY_REUSED = "key_reused"  # an idempotency key sent again with other details (409)
    PAID_ONCE = "paid_once"  # one person is paid once per campaign (409)
    NOT_PAYER = "not_payer"  # only the paying union acts on a payment
    ON_NOTICE = "on_notice"  # the aid is under public notice or an objection is open
    NOT_SENDER = "not_sender"  # only the sending union checks an allocation proposal
    DECIDED = "decided"  # the payment is no longer waiting for a checker (409)
    FOUR_EYES = "four_eyes"  # the checker is not the maker
    NOT_PAID = "not_paid"  # only a paid payment is reversed (409)
