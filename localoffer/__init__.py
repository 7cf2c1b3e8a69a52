"""localoffer: a council's social care service for children and young people with SEND."""
