# -*- coding: utf-8 -*-
from __future__ import unicode_literals


"""
nl custom locale file.
"""

translations = {
    "units": {"few_second": "enkele seconden"},
    # Relative time
    "ago": "{} geleden",
    "from_now": "over {}",
    "after": "{0} later",
    "before": "{0} eerder",
    # Ordinals
    "ordinal": {"other": "e"},
    # Date formats
    "date_formats": {
        "L": "DD-MM-YYYY",
        "LL": "D MMMM YYYY",
        "LLL": "D MMMM YYYY HH:mm",
        "LLLL": "dddd D MMMM YYYY HH:mm",
        "LT": "HH:mm",
        "LTS": "HH:mm:ss",
    },
}
