from django.urls import path

from localoffer.grants.views import coordinator, family, managers, public

# Public pages under /short-breaks/, staff pages under /grants/.
app_name = "grants"
urlpatterns = [
    path("short-breaks/grant/", public.policy_page, name="policy"),
    path("short-breaks/grant/versions/<int:number>/", public.policy_version_page, name="policy-version"),
    path("short-breaks/grant/check/", public.checker_start, name="checker"),
    path("short-breaks/grant/check/result/", public.checker_result, name="checker-result"),
    path("short-breaks/grant/check/<slug:question>/", public.checker_question, name="checker-question"),
    path("short-breaks/grant/decisions/", family.my_decisions, name="my-decisions"),
    path(
        "short-breaks/grant/renewals/<uuid:renewal_id>/", family.renewal_respond_view, name="renewal-respond"
    ),
    path("short-breaks/grant/awards/<uuid:award_id>/spending/", family.spending, name="spending"),
    path("short-breaks/statement/", public.statement_page, name="statement"),
    path("short-breaks/statement/versions/<int:number>/", public.statement_version, name="statement-version"),
    path("short-breaks/statement/versions/<int:number>/pdf/", public.statement_pdf, name="statement-pdf"),
    path("grants/policy/", managers.policy_manage, name="policy-manage"),
    path("grants/policy/new/", managers.policy_draft_new, name="policy-draft-new"),
    path("grants/policy/<uuid:policy_id>/edit/", managers.policy_edit, name="policy-edit"),
    path("grants/policy/<uuid:policy_id>/what-if/", managers.whatif, name="whatif"),
    path("grants/policy/<uuid:policy_id>/what-if.csv", managers.whatif_download, name="whatif-csv"),
    path("grants/policy/<uuid:policy_id>/publish/", managers.policy_publish_view, name="policy-publish"),
    path("grants/cases/", coordinator.case_list, name="cases"),
    path("grants/cases/<uuid:case_id>/", coordinator.case_detail, name="case"),
    path("grants/cases/<uuid:case_id>/decide/", coordinator.case_decide_view, name="case-decide"),
    path("grants/decisions/<uuid:case_id>/", family.letter, name="letter"),
    path("grants/decisions/<uuid:case_id>/pdf/", family.letter_pdf, name="letter-pdf"),
    path("grants/payments/", managers.payments, name="payments"),
    path("grants/payments/runs/new/", managers.payment_run_new, name="payment-run-new"),
    path("grants/payments/runs/<int:number>.csv", managers.payment_run_download, name="payment-run-csv"),
    path("grants/budget/", managers.budget, name="budget"),
    path("grants/renewals/", coordinator.renewals, name="renewals"),
    path("grants/renewals/run/", coordinator.renewals_run_view, name="renewals-run"),
    path("grants/spending/flagged/", coordinator.spending_flagged, name="spending-flagged"),
    path("grants/statement/", managers.statement_manage, name="statement-manage"),
]
