# The audit trail is deliberately not in the admin site: it is read through the managers' search page
# and never changed by anyone.
