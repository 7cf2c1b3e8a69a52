# Feedback is deliberately not in the admin site: it is handled on the Local Offer editors' own pages, which
# write through the services (status changes only from allowed states, publication only with consent and a
# response), so every change is guarded and audited the same way.
