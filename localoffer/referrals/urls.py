from django.urls import path

from localoffer.referrals import views

# Public ways in under /ask-for-help/; the teams' queues and each referral under /referrals/.
app_name = "referrals"
urlpatterns = [
    path("ask-for-help/", views.index, name="index"),
    path("ask-for-help/short-breaks-grant/", views.start_short_breaks, name="apply-short-breaks"),
    path("ask-for-help/disability-team/", views.start_disability_team, name="apply-disability-team"),
    path("ask-for-help/early-help/", views.start_early_help, name="apply-early-help"),
    path("ask-for-help/carers-assessment/", views.start_carers_assessment, name="apply-carers-assessment"),
    path("ask-for-help/supported-living/", views.start_supported_living, name="apply-supported-living"),
    path("ask-for-help/worried-about-a-child/", views.safety_start, name="safety-start"),
    path("ask-for-help/worried-about-a-child/tell-us/", views.safety_concern, name="safety-concern"),
    path("ask-for-help/worried-about-a-child/sent/", views.safety_sent, name="safety-sent"),
    path("ask-for-help/yours/", views.mine, name="mine"),
    path("ask-for-help/drafts/<uuid:referral_id>/which-child/", views.which_child, name="which-child"),
    path(
        "ask-for-help/drafts/<uuid:referral_id>/earlier-answers/",
        views.earlier_answers,
        name="earlier-answers",
    ),
    path("ask-for-help/drafts/<uuid:referral_id>/save/", views.save, name="save"),
    path("ask-for-help/drafts/<uuid:referral_id>/saved/", views.saved, name="saved"),
    path("ask-for-help/drafts/<uuid:referral_id>/check/", views.check, name="check"),
    path("ask-for-help/return/<str:token>/", views.return_link, name="return"),
    path("ask-for-help/applications/<uuid:referral_id>/", views.application, name="application"),
    path("ask-for-help/applications/<uuid:referral_id>/documents/", views.add_document, name="add-document"),
    path("ask-for-help/drafts/<uuid:referral_id>/<slug:step>/", views.step, name="step"),
    path("referrals/", views.queue, name="queue"),
    path("referrals/find/", views.find, name="find"),
    path("referrals/<uuid:referral_id>/", views.detail, name="detail"),
    path("referrals/<uuid:referral_id>/evidence/<uuid:evidence_id>/", views.evidence, name="evidence"),
    path("referrals/<uuid:referral_id>/assign/", views.assign, name="assign"),
    path("referrals/<uuid:referral_id>/match/", views.match, name="match"),
    path("referrals/<uuid:referral_id>/outcome/", views.outcome, name="outcome"),
]
