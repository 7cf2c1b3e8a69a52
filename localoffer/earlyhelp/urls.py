from django.urls import path

from localoffer.earlyhelp import views

app_name = "earlyhelp"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("outcomes.csv", views.outcomes_csv, name="outcomes-csv"),
    path("your-family/", views.family, name="family"),
    path("your-family/<uuid:episode_id>/how-it-is-going/", views.feedback, name="feedback"),
    path("step-down/<uuid:child_id>/", views.step_down, name="step-down"),
    path("<uuid:episode_id>/", views.episode, name="episode"),
    path("<uuid:episode_id>/lead/", views.lead, name="lead"),
    path("<uuid:episode_id>/assessment/", views.assessment, name="assessment"),
    path("<uuid:episode_id>/plan/add/", views.plan_add, name="plan-add"),
    path("<uuid:episode_id>/plan/<uuid:action_id>/done/", views.action_done, name="action-done"),
    path("<uuid:episode_id>/team/add/", views.team_add, name="team-add"),
    path("<uuid:episode_id>/household/add/", views.member_add, name="member-add"),
    path("<uuid:episode_id>/progress/", views.progress, name="progress"),
    path("<uuid:episode_id>/step-up/", views.step_up, name="step-up"),
    path("<uuid:episode_id>/close/", views.close, name="close"),
]
