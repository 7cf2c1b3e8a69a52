from django.urls import path

from localoffer.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.my_work, name="my-work"),
    path("team/", views.team_work, name="team"),
    path("duty/", views.duty_work, name="duty"),
    path("drafts/autosave/", views.autosave, name="autosave"),
    path("children/<uuid:child_id>/notes/new/", views.note_new, name="note-new"),
    path("notes/<uuid:note_id>/", views.note, name="note"),
    path("notes/<uuid:note_id>/correct/", views.note_correct, name="note-correct"),
    path(
        "children/<uuid:child_id>/carers-assessment/new/",
        views.carer_assessment_new,
        name="carer-assessment-new",
    ),
    path("children/<uuid:child_id>/plans/new/", views.plan_new, name="plan-new"),
    path("children/<uuid:child_id>/section-47/new/", views.section47_new, name="section47-new"),
    path("children/<uuid:child_id>/child-protection-plans/new/", views.cp_plan_new, name="cp-plan-new"),
    path("assessments/<uuid:assessment_id>/", views.assessment, name="assessment"),
    path("assessments/<uuid:assessment_id>/send/", views.assessment_submit, name="assessment-submit"),
    path(
        "assessments/<uuid:assessment_id>/authorise/", views.assessment_authorise, name="assessment-authorise"
    ),
    path("assessments/<uuid:assessment_id>/<slug:step>/", views.assessment_step, name="assessment-step"),
    path("plans/<uuid:plan_id>/", views.plan, name="plan"),
    path("plans/<uuid:plan_id>/support/<uuid:line_id>/", views.line_change, name="line-change"),
    path("plans/<uuid:plan_id>/support/<uuid:line_id>/remove/", views.line_remove, name="line-remove"),
    path("plans/<uuid:plan_id>/authorise/", views.plan_authorise, name="plan-authorise"),
    path("plans/<uuid:plan_id>/panel/", views.plan_panel, name="plan-panel"),
    path("reviews/<uuid:review_id>/", views.review, name="review"),
    path("panels/", views.panels, name="panels"),
    path("panels/<uuid:panel_id>/", views.panel, name="panel"),
    path("panel-cases/<uuid:case_id>/decide/", views.panel_decide, name="panel-decide"),
    path("section-47/<uuid:enquiry_id>/", views.section47, name="section47"),
    path("cin-census/", views.census_page, name="census"),
    path("cin-census/<int:year>.xml", views.census_download, name="census-download"),
]
