"""PR-1: the words of partners/data/designations.json that people read (its metrics and what counts towards them),
listed here so that makemessages puts them in the catalogs; partners.designations translates them when it shows
them (`gettext(label)`). Solution areas and gate certifications keep Microsoft's English names.
tests/partners/test_pr1_designation_words.py holds that every such label of the data is listed."""

from django.utils.translation import gettext_noop

METRICS = (
    gettext_noop("Net customer adds"),
    gettext_noop("Usage growth"),
    gettext_noop("Deployments"),
    gettext_noop("Intermediate certifications"),
    gettext_noop("Advanced certifications"),
)
COUNTING = (
    gettext_noop("an eligible Data & AI certification"),
    gettext_noop("an eligible Infrastructure intermediate certification"),
    gettext_noop("an eligible Infrastructure advanced certification"),
    gettext_noop("an eligible Digital & App Innovation intermediate certification"),
    gettext_noop("an eligible Digital & App Innovation advanced certification"),
    gettext_noop("an eligible Modern Work intermediate certification"),
    gettext_noop("an eligible Modern Work advanced certification or assessment"),
    gettext_noop("an eligible Security step-3 certification"),
    gettext_noop("an eligible Business Applications intermediate certification"),
    gettext_noop("an eligible Business Applications advanced certification"),
)
