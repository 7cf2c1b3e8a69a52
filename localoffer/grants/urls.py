from django.urls import path

from localoffer.grants import views

# Public pages under /short-breaks/, staff pages under /grants/.
app_name = "grants"
urlpatterns = [
    path("short-breaks/grant/", views.policy_page, name="policy"),
    path("short-breaks/grant/versions/<int:number>/", views.policy_version_page, name="policy-version"),
    path("short-breaks/grant/check/", views.checker_start, name="checker"),
    path("short-breaks/grant/check/result/", views.checker_result, name="checker-result"),
    path("short-breaks/grant/check/<slug:question>/", views.checker_question, name="checker-question"),
    path("short-breaks/grant/decisions/", views.my_decisions, name="my-decisions"),
    path(
        "short-breaks/grant/renewals/<uuid:renewal_id>/", views.renewal_respond_view, name="renewal-respond"
    ),
    path("short-breaks/grant/awards/<uuid:award_id>/spending/", views.spending, name="spending"),
    path("short-breaks/statement/", views.statement_page, name="statement"),
    path("short-breaks/statement/versions/<int:number>/", views.statement_version, name="statement-version"),
    path("short-breaks/statement/versions/<int:number>/pdf/", views.statement_pdf, name="statement-pdf"),
    path("grants/policy/", views.policy_manage, name="policy-manage"),
    path("grants/policy/new/", views.policy_draft_new, name="policy-draft-new"),
    path("grants/policy/<uuid:policy_id>/edit/", views.policy_edit, name="policy-edit"),
    path("grants/policy/<uuid:policy_id>/what-if/", views.whatif, name="whatif"),
    path("grants/policy/<uuid:policy_id>/what-if.csv", views.whatif_download, name="whatif-csv"),
    path("grants/policy/<uuid:policy_id>/publish/", views.policy_publish_view, name="policy-publish"),
    path("grants/cases/", views.case_list, name="cases"),
    path("grants/cases/<uuid:case_id>/", views.case_detail, name="case"),
    path("grants/cases/<uuid:case_id>/decide/", views.case_decide_view, name="case-decide"),
    path("grants/decisions/<uuid:case_id>/", views.letter, name="letter"),
    path("grants/decisions/<uuid:case_id>/pdf/", views.letter_pdf, name="letter-pdf"),
    path("grants/payments/", views.payments, name="payments"),
    path("grants/payments/runs/new/", views.payment_run_new, name="payment-run-new"),
    path("grants/payments/runs/<int:number>.csv", views.payment_run_download, name="payment-run-csv"),
    path("grants/budget/", views.budget, name="budget"),
    path("grants/renewals/", views.renewals, name="renewals"),
    path("grants/spending/flagged/", views.spending_flagged, name="spending-flagged"),
    path("grants/statement/", views.statement_manage, name="statement-manage"),
]
