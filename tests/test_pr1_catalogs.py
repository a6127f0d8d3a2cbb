"""PR-1's catalogs in CI: the ja and zh_Hant catalogs hold every string the code marks (makemessages finds nothing
new), every entry is translated and none is fuzzy, the compiled .mo files certlink reads are their .po files, and
msgfmt finds nothing wrong (placeholders kept, plurals complete). Microsoft's own words, where the seeds give them,
are used as locale/glossary.csv says."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
LANGUAGES = ("ja", "zh_Hant")
# The same arguments as `make messages` (Makefile, MESSAGES_ARGS).
IGNORED = [".venv", "tests", "benchmarks", "staticfiles", "artifacts", "build", "*.egg-info"]
needs_gettext = pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgfmt") is None,
    reason="needs GNU gettext's xgettext and msgfmt (apt-get install gettext)",
)


def catalog(language: str, root: Path = LOCALE) -> polib.POFile:
    return polib.pofile(str(root / language / "LC_MESSAGES" / "django.po"))


def key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


@needs_gettext
def test_pr1_makemessages_finds_nothing_new_or_gone(tmp_path, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(LOCALE, tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(ROOT)
    call_command(
        "makemessages",
        locale=list(LANGUAGES),
        extensions=["html", "txt", "py"],
        ignore_patterns=IGNORED,
        no_obsolete=True,
        add_location="file",
        verbosity=0,
    )
    for language in LANGUAGES:
        found = {key(e) for e in catalog(language, tmp_path / "locale")}
        kept = {key(e) for e in catalog(language)}
        assert found - kept == set(), f"{language}: marked in the code but not in the catalog: run `make messages`"
        assert kept - found == set(), f"{language}: in the catalog but no longer in the code: run `make messages`"


@pytest.mark.parametrize("language", LANGUAGES)
def test_pr1_every_entry_of_the_catalog_is_translated_and_none_is_fuzzy(language: str) -> None:
    po = catalog(language)
    assert len(po) > 500, "the catalog holds every string of the pages, emails and refusals"
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [] and fuzzy == [], (untranslated[:20], fuzzy[:20])


@pytest.mark.parametrize("language", LANGUAGES)
def test_pr1_the_compiled_catalog_certlink_reads_is_its_source(language: str) -> None:
    po = catalog(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    compiled = {key(e): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo}
    source = {key(e): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in po.translated_entries()}
    assert compiled == source, "the .mo is out of date: run `make messages`"


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_pr1_msgfmt_finds_nothing_wrong_in_the_catalog(language: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    checked = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(LOCALE / language / "LC_MESSAGES" / "django.po")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0 and checked.stderr == "", checked.stderr


def glossary() -> list[dict[str, str]]:
    with open(LOCALE / "glossary.csv", encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows))


@pytest.mark.parametrize("language", LANGUAGES)
def test_pr1_microsofts_own_words_are_used_wherever_the_glossary_gives_them(language: str) -> None:
    """A msgid that is exactly one of the glossary's English terms (a label, a button, a link) is translated with the
    glossary's word; the seeds' words for the issue's terms are in the glossary."""
    terms = {row["en"]: row[language] for row in glossary() if row["en"] and row[language]}
    wrong = [
        (e.msgid, e.msgstr, terms[e.msgid])
        for e in catalog(language).translated_entries()
        if e.msgid in terms and terms[e.msgid] not in e.msgstr
    ]
    assert wrong == []
