"""What other apps may listen for. Sent inside the outcome's transaction: a receiver's failure undoes it."""

from django.dispatch import Signal

# Sent with referral=, outcome= (a Status value) and by= (the worker) once an outcome is recorded; for
# example, an accepted short breaks grant application opens the grant evaluation.
outcome_recorded = Signal()
