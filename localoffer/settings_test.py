"""Settings for the test suite: the real settings, in the `test` environment."""

import os

os.environ["LOCALOFFER_ENVIRONMENT"] = "test"

from localoffer.settings import *  # noqa: F403

# Hashing with Argon2 takes a tenth of a second by design; tests create hundreds of accounts.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
