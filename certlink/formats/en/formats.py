"""English (en, en-gb, en-us): '4 February 2026' and '4 February 2026 09:00 UTC', as Microsoft Learn writes them.

RN-8's SQL mail merge (renewals/letters_sql.py) writes an expiry date the same way with PostgreSQL's to_char
('FMDD FMMonth YYYY'); a test compares its emails with Django's, so a change here shows there."""

# Tables use the same formats as sentences: one way of writing a date on every page and in every email.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i T"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
