"""What other apps may listen for. Sent inside the transaction that makes the account: a receiver's failure
undoes it, so an account never exists without what its verified email should have brought with it."""

from django.dispatch import Signal

# Sent with user= (the new account) and email= (the address it just proved it holds, lower case) when a
# family's account is made from the link emailed to them. Apps above accounts connect a receiver in their
# AppConfig.ready(): for example, referrals joins the applications sent earlier with that email address.
email_verified = Signal()
