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
    # A family creates its own account: the link emailed to them opens the page that makes it.
    path("create/", views.account_create, name="account-create"),
    path("create/check-your-email/", views.account_create_sent, name="account-create-sent"),
    path("create/link/<str:token>/", views.account_create_password, name="create-password"),
    path("create/done/", views.account_created, name="account-created"),
    # Anyone resets a forgotten password, by a link emailed to the account's address.
    path("password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password/reset/sent/", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("password/reset/done/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
]
