"""What a generated world looks like (SIM-4): people's names and addresses, the certifications they hold and when
they earned them, the organisations they work for. Pure: a seeded `random.Random` and plain values in, plain values
out, so that one seed always draws the same world."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

FIRST_NAMES = (
    "Aiko Akira Amara Ana Anil Aoife Arjun Astrid Ayaka Bao Beatriz Carlos Chen Chiara Dara Diego Elif Emeka Emma Erik "
    "Fatima Felix Grace Hana Hiroshi Ines Isabel Ivan Jamal Jia Joao Jun Kai Kenji Kwame Lars Lea Li Lucia Mai Maria "
    "Megan Mei Mohammed Nadia Naoki Nia Nikhil Noah Olga Omar Pablo Priya Rafael Ravi Rin Rosa Sakura Sam Sara Sofia "
    "Sven Taro Tomas Wei Xin Yara Yuki Yusuf Zainab Zhang Zoe"
).split()
LAST_NAMES = (
    "Abe Adeyemi Ahmed Alvarez Andersen Bauer Bowen Brown Chen Cohen Costa Dubois Eriksson Fernandez Fischer Garcia "
    "Gupta Haddad Hansen Hoang Ito Ivanova Jensen Kato Khan Kim Kowalski Kumar Larsen Lee Li Liu Lopez Martin Mensah "
    "Meyer Moreau Mueller Murphy Nakamura Nguyen Novak Okafor Olsen Park Patel Perez Petrov Rossi Sato Schmidt Silva "
    "Singh Smith Suzuki Takahashi Tanaka Wang Watanabe Weber Williams Wong Wu Yamamoto Yilmaz Zhang Zhou"
).split()
PERSONAL_DOMAINS = ("outlook.example", "hotmail.example", "live.example", "gmail.example")
ORG_WORDS = (
    "Adatum Alpine Blue Yonder Cedar Coho Contour Litware Lucerne Margie Northwind Proseware Relecloud Tailspin "
    "Trey Wide World Woodgrove Wingtip Fourth Coffee Humongous Graphic Design Southridge VanArsdel Alpine Ski"
).split()

# Fundamentals are the most taken certifications, experts the least (weights per draw).
LEVEL_WEIGHT = {"fundamentals": 4, "associate": 3, "specialty": 1, "expert": 1}
CERTIPORT_SHARE = {"fundamentals": 0.15}  # academic candidates; others 2 %
HISTORY_DAYS = 730  # earned dates spread over the last two years


@dataclass(frozen=True)
class CatalogEntry:
    id: int
    slug: str
    level: str
    release: date | None
    retirement: date | None
    exam_ids: tuple[int, ...]
    prerequisites: tuple[int, ...]


@dataclass(frozen=True)
class Earned:
    certification: CatalogEntry
    earned_at: datetime
    provider: str


@dataclass(frozen=True)
class Organization:
    name: str
    domain: str
    partner_id: str
    track: str


def midnight(day: date) -> datetime:
    """Earned dates are whole days (transcripts show dates), so the clock's engine steps a day at a time."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def person_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def personal_email(first: str, last: str, number: int, rng: random.Random) -> str:
    return f"{first}.{last}.{number}@{rng.choice(PERSONAL_DOMAINS)}".lower()


def organizations(count: int, *, first_partner_id: int) -> list[Organization]:
    """`count` organisations with unique names, domains and PartnerIDs (no randomness: names by position)."""
    found = []
    for j in range(count):
        word = ORG_WORDS[j % len(ORG_WORDS)]
        name = f"{word} Partners {j + 1}"
        track = "smb" if j % 3 == 2 else "enterprise"
        found.append(Organization(name, f"{word.lower()}{j + 1}.example", str(first_partner_id + j), track))
    return found


def employers(rng: random.Random, *, learners: int, orgs: int, share: float, largest: int | None) -> list[int]:
    """Each learner's organisation (an index) or -1. Sizes follow a long tail (organisation j weighs 1/(j+1));
    with `largest`, exactly that many employees work for organisation 0 (a big partner to measure against)."""
    if orgs == 0:
        return [-1] * learners
    employed = [i for i in range(learners) if rng.random() < share]
    result = [-1] * learners
    big: set[int] = set()
    if largest is not None:
        big = set(rng.sample(employed, min(largest, len(employed))))
    others = list(range(1, orgs)) if largest is not None and orgs > 1 else list(range(orgs))
    cumulative = _cumulative([1 / (j + 1) for j in others])
    for i in employed:
        result[i] = 0 if i in big else rng.choices(others, cum_weights=cumulative)[0]
    return result


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


class CertificationDraw:
    """Draws the certifications a learner holds, each earned on a day when it could be earned (released, not yet
    retired) within the last two years; an expert only with one of its prerequisites earned before it."""

    def __init__(self, catalog: list[CatalogEntry], *, today: date) -> None:
        self.today = today
        start = today - timedelta(days=HISTORY_DAYS)
        self.window = {}
        for entry in catalog:
            first = max(start, entry.release or start)
            last = min(today - timedelta(days=1), (entry.retirement or today) - timedelta(days=1))
            if first <= last:
                self.window[entry.id] = (first, (last - first).days)
        self.entries = [e for e in catalog if e.id in self.window]
        self.cumulative = _cumulative([LEVEL_WEIGHT.get(e.level, 1) for e in self.entries])

    def draw(self, rng: random.Random, count: int) -> list[Earned]:
        chosen: dict[int, CatalogEntry] = {}
        for _ in range(count * 3):
            if len(chosen) >= count or len(chosen) == len(self.entries):
                break
            entry = rng.choices(self.entries, cum_weights=self.cumulative)[0]
            chosen.setdefault(entry.id, entry)
        days = {cid: self._day(rng, cid) for cid in chosen}
        earned = []
        for cid, entry in chosen.items():
            day = days[cid]
            if entry.prerequisites:
                before = [days[p] for p in entry.prerequisites if p in days and days[p] <= day]
                if not before:
                    continue  # an expert needs a prerequisite held first (CE-5)
            share = CERTIPORT_SHARE.get(entry.level, 0.02)
            provider = "certiport" if rng.random() < share else "pearson_vue"
            earned.append(Earned(entry, midnight(day), provider))
        return earned

    def _day(self, rng: random.Random, certification_id: int) -> date:
        first, span = self.window[certification_id]
        return first + timedelta(days=rng.randint(0, span))


def certification_number(code: int) -> str:
    """CE-6 from an integer below 23 × 10^7: a letter, three digits, a dash, four digits."""
    letter, rest = divmod(code, 10_000_000)
    return f"{'ABCDEFGHJKLMNPRSTUVWXYZ'[letter]}{rest // 10_000:03d}-{rest % 10_000:04d}"


def number_code(number: str) -> int:
    letter = "ABCDEFGHJKLMNPRSTUVWXYZ".find(number[0])
    return letter * 10_000_000 + int(number[1:4]) * 10_000 + int(number[5:9])


NUMBER_CODES = 23 * 10_000_000


class Unique:
    """Draws integers in [low, high) never drawn before (nor taken already)."""

    def __init__(self, rng: random.Random, low: int, high: int, taken: set[int]) -> None:
        self.rng, self.low, self.high, self.used = rng, low, high, set(taken)

    def draw(self) -> int:
        while True:
            value = self.rng.randrange(self.low, self.high)
            if value not in self.used:
                self.used.add(value)
                return value
