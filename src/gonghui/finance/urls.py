from django.urls import path

from . import views

# One view per action: each form of a page posts to its own address.
urlpatterns = [
    path("finance/", views.due_list, name="finance-dues-home"),
    path("finance/dues/", views.due_list, name="finance-dues"),
    path("finance/dues/declare/", views.due_declare, name="finance-due-declare"),
    path("finance/dues/<int:due_id>/", views.due_detail, name="finance-due"),
    path("finance/dues/<int:due_id>/correct/", views.due_correct, name="finance-due-correct"),
    path("finance/dues/<int:due_id>/remind/", views.due_remind, name="finance-due-remind"),
    path("finance/payments/", views.payment_list, name="finance-payments"),
    path("finance/payments/new/", views.payment_new, name="finance-payment-new"),
    path("finance/tax/", views.tax_jobs, name="finance-tax"),
    path("finance/tax/upload/", views.tax_upload, name="finance-tax-upload"),
    path("finance/tax/<int:job_id>/", views.tax_job, name="finance-tax-job"),
    path("finance/tax/<int:job_id>/status/", views.tax_job_status, name="finance-tax-job-status"),
    path("finance/reconciliation/", views.reconciliation, name="finance-reconciliation"),
    path("finance/rebates/", views.rebate_list, name="finance-rebates"),
    path("finance/rebates/new/", views.rebate_new, name="finance-rebate-new"),
    path("finance/rebates/<int:rebate_id>/", views.rebate_detail, name="finance-rebate"),
    path(
        "finance/rebates/<int:rebate_id>/approve/",
        views.rebate_approve,
        name="finance-rebate-approve",
    ),
    path(
        "finance/rebates/<int:rebate_id>/reject/", views.rebate_reject, name="finance-rebate-reject"
    ),
    path("finance/rebates/<int:rebate_id>/pay/", views.rebate_pay, name="finance-rebate-pay"),
    path("finance/budgets/", views.budget_list, name="finance-budgets"),
    path("finance/budgets/set/", views.budget_set, name="finance-budget-set"),
    path("finance/expenses/", views.expense_list, name="finance-expenses"),
    path("finance/expenses/new/", views.expense_new, name="finance-expense-new"),
    path("finance/expenses/<int:expense_id>/", views.expense_detail, name="finance-expense"),
    path(
        "finance/expenses/<int:expense_id>/approve/",
        views.expense_approve,
        name="finance-expense-approve",
    ),
    path(
        "finance/expenses/<int:expense_id>/reject/",
        views.expense_reject,
        name="finance-expense-reject",
    ),
    path("finance/statements/", views.statements, name="finance-statements"),
    path("finance/reviews/", views.review_list, name="finance-reviews"),
    path("finance/reviews/new/", views.review_new, name="finance-review-new"),
    path("finance/reviews/<int:review_id>/", views.review_detail, name="finance-review"),
    path(
        "finance/reviews/<int:review_id>/findings/new/",
        views.finding_new,
        name="finance-finding-new",
    ),
    path("finance/reviews/<int:review_id>/close/", views.review_close, name="finance-review-close"),
    path("finance/findings/", views.finding_list, name="finance-findings"),
    path(
        "finance/findings/<int:finding_id>/rectify/",
        views.finding_rectify,
        name="finance-finding-rectify",
    ),
    path(
        "finance/findings/<int:finding_id>/verify/",
        views.finding_verify,
        name="finance-finding-verify",
    ),
]
