from django.urls import path

from localoffer.people import views

app_name = "people"
urlpatterns = [
    path("", views.child_list, name="child-list"),
    path("<uuid:child_id>/", views.child_detail, name="child-detail"),
    path("<uuid:child_id>/purpose/", views.child_purpose, name="child-purpose"),
    path("<uuid:child_id>/details/", views.child_edit, name="child-edit"),
    path("<uuid:child_id>/family/new/", views.family_member_new, name="family-member-new"),
]
