from django.urls import path

from localoffer.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("two-factor/", views.two_factor, name="two-factor"),
    path("keep-alive/", views.keep_alive, name="keep-alive"),
    path("session-ended/", views.session_expired, name="session-expired"),
]
