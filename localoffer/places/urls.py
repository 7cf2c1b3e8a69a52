from django.urls import path

from localoffer.places import views

# Public and family pages under /short-breaks/places/, staff pages under /places/.
app_name = "places"
urlpatterns = [
    path("short-breaks/places/", views.index, name="index"),
    path("short-breaks/places/requests/", views.mine, name="mine"),
    path("short-breaks/places/windows/<uuid:window_id>/ask/", views.request_new, name="request-new"),
    path("short-breaks/places/offers/<uuid:offer_id>/", views.offer, name="offer"),
    path("places/windows/", views.windows, name="windows"),
    path("places/windows/new/", views.window_new, name="window-new"),
    path("places/windows/<uuid:window_id>/", views.window, name="window"),
    path("places/capacity/<slug:slug>/", views.capacity, name="capacity"),
    path("places/capacity/<slug:slug>/roster/", views.capacity_roster, name="capacity-roster"),
    path(
        "places/capacity/<slug:slug>/out-of-service/",
        views.capacity_out_of_service,
        name="capacity-out-of-service",
    ),
    path("places/runs/<uuid:run_id>/", views.run, name="run"),
    path("places/runs/<uuid:run_id>/allocation.csv", views.run_csv, name="run-csv"),
    path("places/runs/<uuid:run_id>/publish/", views.run_publish, name="run-publish"),
    path("places/setting/", views.setting_calendar, name="setting"),
    path("places/setting/money/", views.setting_money, name="setting-money"),
    path("places/setting/days/<str:day>/", views.setting_day, name="setting-day"),
    path("places/stays/<uuid:stay_id>/movement/", views.stay_movement, name="stay-movement"),
    path("places/bookings/<uuid:booking_id>/attendance/", views.attendance, name="attendance"),
    path("places/utilisation/", views.utilisation, name="utilisation"),
    path("places/utilisation.csv", views.utilisation_download, name="utilisation-csv"),
    path("places/ssda903/", views.ssda903, name="ssda903"),
]
