from __future__ import annotations

import datetime as dt

TODAY = dt.date(2026, 11, 23)
