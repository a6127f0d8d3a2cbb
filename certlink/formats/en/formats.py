"""English (en, en-gb, en-us): '4 February 2026' and '4 February 2026 09:00 UTC', as Microsoft Learn writes them.

Emails write their dates with these formats too, when the outbox renders them (templates/emails/)."""

# Tables use the same formats as sentences: one way of writing a date on every page and in every email.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i T"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
