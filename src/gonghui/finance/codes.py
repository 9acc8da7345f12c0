"""What the finance capability writes to the audit, and the codes of its refusals that
callers branch on (bad input carries core's `Code.INVALID` with the field at fault)."""

from gonghui.core.audit import AuditAction
from gonghui.core.errors import ErrorCode


class Action(AuditAction):
    PAYER_SET = "finance_payer_set"
    PAYROLL_DECLARED = "finance_payroll_declared"
    PAYROLL_CORRECTED = "finance_payroll_corrected"
    EXEMPTION_GRANTED = "finance_exemption_granted"
    PAYMENT_RECEIVED = "finance_payment_received"
    TAX_FILE_IMPORTED = "finance_tax_file_imported"
    REMINDER_SENT = "finance_reminder_sent"
    RULE_SET = "finance_share_rule_set"
    SHARED = "finance_shared"
    REBATE_APPLIED = "finance_rebate_applied"
    REBATE_DECIDED = "finance_rebate_decided"
    REBATE_PAID = "finance_rebate_paid"
    BUDGET_SET = "finance_budget_set"
    EXPENSE_ENTERED = "finance_expense_entered"
    EXPENSE_DECIDED = "finance_expense_decided"
    REVIEW_OPENED = "finance_review_opened"
    FINDING_RECORDED = "finance_finding_recorded"
    FINDING_RECTIFIED = "finance_finding_rectified"
    FINDING_VERIFIED = "finance_finding_verified"
    REVIEW_CLOSED = "finance_review_closed"


class Code(ErrorCode):
    NOT_COLLECTOR = "not_collector"  # only a county or city federation collects funds
    NO_RULE = "no_share_rule"  # the province has no sharing rule for the year
    ALREADY_SHARED = "already_shared"  # the payment has been shared
    EXEMPT = "exempt"  # the payer is exempt for the period
    OWN_ENTRY = "own_entry"  # the one who entered it may not approve it
    WRONG_STATUS = "wrong_status"  # not at the stage for this action
    NOT_ELIGIBLE = "not_eligible"  # the enterprise does not qualify for the rebate
    DUPLICATE = "duplicate"  # the same rebate or budget item exists
    OPEN_FINDINGS = "open_findings"  # a review closes once its findings are verified
    BAD_FILE = "bad_file"  # the tax bureau's file cannot be read
