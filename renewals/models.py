"""Renewal assessments, attempts and reminders: the renewals issue fills this app (RN-1..RN-8)."""
