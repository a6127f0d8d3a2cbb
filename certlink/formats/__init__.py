"""certlink's date formats, one per language (FORMAT_MODULE_PATH): every page, email and sentence writes a date
with DATE_FORMAT and an instant with DATETIME_FORMAT, so a learner sees one way of writing dates. The API writes
ISO 8601 instead (DRF's default)."""
