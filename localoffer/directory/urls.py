from django.urls import path

from localoffer.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.directory, name="search"),
    path("services/<slug:slug>/", views.service_detail, name="service"),
    path("shortlist/", views.shortlist, name="shortlist"),
    path("shortlist/add/", views.shortlist_add_view, name="shortlist-add"),
    path("shortlist/remove/", views.shortlist_remove_view, name="shortlist-remove"),
    path("shortlist/email/", views.shortlist_email_view, name="shortlist-email"),
    path("manage/", views.manage_listings, name="manage"),
    path("manage/new/", views.new_listing, name="new-listing"),
    path("manage/queue/", views.change_queue, name="queue"),
    path("manage/queue/<uuid:change_id>/", views.change_decide, name="decide"),
    path("manage/listings/<slug:slug>/", views.manage_listing, name="manage-listing"),
    path("guide/", views.guide_start, name="guide"),
    path("guide/results/", views.guide_results, name="guide-results"),
    path("guide/<slug:question>/", views.guide_question, name="guide-question"),
]
