from django.urls import path

from localoffer.packages import views

app_name = "packages"
urlpatterns = [
    path("packages/mine/", views.mine, name="mine"),
    path("packages/children/<uuid:child_id>/", views.package, name="package"),
    path("packages/children/<uuid:child_id>/family/", views.family, name="family"),
    path("packages/children/<uuid:child_id>/elements/new/", views.element_new, name="element-new"),
    path("packages/children/<uuid:child_id>/panel/", views.panel, name="panel"),
    path("packages/children/<uuid:child_id>/authorise/", views.authorise, name="authorise"),
    path("packages/elements/<uuid:element_id>/change/", views.element_change, name="element-change"),
    path("packages/elements/<uuid:element_id>/agreement/", views.agreement_new, name="agreement-new"),
    path(
        "packages/agreements/<uuid:agreement_id>/assistants/new/", views.assistant_new, name="assistant-new"
    ),
    path("packages/agreements/<uuid:agreement_id>/returns/new/", views.return_new, name="return-new"),
    path("packages/agreements/<uuid:agreement_id>/ledger/", views.ledger, name="ledger"),
    path("packages/agreements/<uuid:agreement_id>/switch/", views.agreement_switch, name="agreement-switch"),
    path(
        "packages/agreements/<uuid:agreement_id>/history/", views.agreement_history, name="agreement-history"
    ),
    path("packages/elements/<uuid:element_id>/history/", views.element_history, name="element-history"),
    path(
        "packages/instalments/<uuid:instalment_id>/correct/",
        views.instalment_correct,
        name="instalment-correct",
    ),
    path("packages/returns/<uuid:return_id>/recover/", views.recover, name="recover"),
    path("packages/caseload/", views.caseload, name="caseload"),
    path("packages/expenditure/", views.expenditure, name="expenditure"),
    path("packages/expenditure.csv", views.expenditure_csv, name="expenditure-csv"),
    path("packages/rates/", views.rates, name="rates"),
    path("packages/rates/<uuid:rate_id>/change/", views.rate_change, name="rate-change"),
    path("packages/payments/", views.payments, name="payments"),
    path("packages/payments/card-providers/switch/", views.provider_switch, name="provider-switch"),
    path("packages/payments/runs/<int:number>/", views.run, name="run"),
    path("packages/payments/runs/<int:number>/lines/<int:line_id>/hold/", views.run_hold, name="run-hold"),
    path("packages/payments/runs/<int:number>/step/", views.run_step, name="run-step"),
    path("packages/payments/runs/<int:number>.csv", views.run_csv, name="run-csv"),
]
