from django.urls import path

from localoffer.feedback import views

# Included under /local-offer/, beside the directory: a problem is reported from its service's page.
app_name = "feedback"
urlpatterns = [
    path("services/<slug:slug>/report-a-problem/", views.report_problem, name="report"),
    path("feedback/", views.comment, name="comment"),
    path("feedback/sent/", views.sent, name="sent"),
    path("you-said-we-did/", views.you_said_we_did, name="you-said-we-did"),
    path("feedback/queue/", views.queue, name="queue"),
    path("feedback/reports/<uuid:report_id>/", views.report_detail, name="report-detail"),
    path("feedback/comments/<uuid:comment_id>/", views.comment_detail, name="comment-detail"),
]
