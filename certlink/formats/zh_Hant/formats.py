"""Traditional Chinese: '2026年2月4日' and '2026年2月4日 09:00 UTC', written as Japanese writes them."""

from certlink.formats.ja.formats import (  # noqa: F401  (Django reads these names from this module)
    DATE_FORMAT,
    DATETIME_FORMAT,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    YEAR_MONTH_FORMAT,
)
