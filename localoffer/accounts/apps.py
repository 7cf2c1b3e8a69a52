from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "localoffer.accounts"
    verbose_name = "Accounts and roles"
