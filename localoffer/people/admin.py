# Children's records are deliberately not in the admin site: they are read only through the pages that
# ask the access decision and audit every view (localoffer.people.access).
