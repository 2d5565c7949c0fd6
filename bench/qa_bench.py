"""How often the QA checks cry wolf, and how many planted errors they catch.

(a) False alarms: every check runs on clean, professionally translated text —
the TICO-19 test set (2,100 Chinese lines with English and Russian
translations, read from ../shared/data/tico19 at run time) — on the correct
drafts of the demo workspace (every translation errors.md does not name as
planted, with the shipped glossary and each article's context), and on the
clean translations of tmtool's own case table (tests/data/qa/cases.tsv).
Reported as issues per 100 segment-languages.

(b) Recall: into each clean target the benchmark plants one error of each kind
— a number off by a magnitude (9 billion → 90 billion, 9 млрд → 90 млрд), two
digits swapped (18 → 81), a digit appended (18 → 183), the last digit changed
(18 → 19), a date's day shifted (July 9 → July 10), a year shifted (2019 →
2020), a glossary term deleted, a clause dropped (an omission) — and counts how
often a check reports something new.  Numbers and dates to damage are found with
simple regular expressions of their own, not with the checks' parsers.  TICO-19
(with the own cases) and the demo are tallied apart.

    .venv/bin/python bench/qa_bench.py [--seed 7] [--show-missed 10] [--no-demo]
        [--update-doc docs/qa.md]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from qa_demo import demo_pairs

from tmtool.formats.glossaries import read_glossary
from tmtool.glossary import TermIndex
from tmtool.qa import REGISTRY, Severity, Unit, run_checks
from tmtool.qa.context import ArticleContext, Neighbour
from tmtool.qa.terms import is_name

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "tico19"
CASES = ROOT / "tests" / "data" / "qa" / "cases.tsv"
TERMS = ROOT / "tests" / "data" / "qa" / "terms.tsv"
START, END = "<!-- qa-bench:start -->", "<!-- qa-bench:end -->"


@dataclass(frozen=True)
class Pair:
    """A clean source and translation."""

    source: str
    target: str
    lang: str
    corpus: str
    glossary: TermIndex | None = None
    context: ArticleContext | None = None
    position: int = 0
    neighbours: tuple[str, ...] = ()


def tico_pairs() -> list[Pair]:
    """The TICO-19 test set as zh→en and zh→ru pairs, or nothing (with a message)."""
    files = [SHARED / f"tico19-test.{ext}" for ext in ("zho", "eng", "rus")]
    if not all(f.exists() for f in files):
        print(f"TICO-19 not found under {SHARED}; measuring on the own cases only.")
        return []
    zh, en, ru = (f.read_text(encoding="utf-8").splitlines() for f in files)
    pairs = []
    for lang, targets in (("en", en), ("ru", ru)):
        lines = [(n, s, t) for n, (s, t) in enumerate(zip(zh, targets, strict=True), 1) if s]
        peers = _peers(lines)
        for position, source, target in lines:
            context = ArticleContext(tuple(peers.get(position, ())))
            pairs.append(Pair(source, target, lang, "TICO-19", None, context, position))
    return pairs


def _peers(lines: list[tuple[int, str, str]]) -> dict[int, list[Neighbour]]:
    """The test set read as one article: lines sharing a source or a translation."""
    by_source: dict[str, list[int]] = {}
    by_target: dict[str, list[int]] = {}
    for position, source, target in lines:
        by_source.setdefault(" ".join(source.split()).casefold(), []).append(position)
        by_target.setdefault(" ".join(target.split()).casefold(), []).append(position)
    texts = {position: (source, target) for position, source, target in lines}
    peers: dict[int, list[Neighbour]] = {}
    for group in (*by_source.values(), *by_target.values()):
        for position in group:
            for other in group:
                if other != position:
                    peers.setdefault(position, []).append(Neighbour(other, *texts[other]))
    return peers


def own_pairs() -> list[Pair]:
    """The clean translations of the case table."""
    pairs = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith(("#", "check\t")):
            continue
        check, lang, source, clean, *_ = line.split("\t")
        clean = clean.replace("␣", " ").replace("⏎", "\n")
        terms = check.startswith(("term_", "inconsistent_term"))
        pairs.append(Pair(source, clean, lang, "own", GLOSSARY if terms else None))
    return pairs


GLOSSARY = TermIndex(read_glossary(TERMS))


def unit_of(pair: Pair, target: str | None = None) -> Unit:
    """The unit of a pair (optionally with another target), with its glossary and context."""
    return Unit(
        pair.source,
        pair.target if target is None else target,
        "zh",
        pair.lang,
        glossary=pair.glossary,
        neighbours=pair.neighbours,
        position=pair.position,
        context=pair.context,
    )


def check(pair: Pair, target: str | None = None) -> list[tuple[str, str, str]]:
    """Issues of a pair (optionally with another target) as (check, severity, message)."""
    return [(i.check, i.severity.value, i.message) for i in run_checks(unit_of(pair, target))]


# --- planting errors ------------------------------------------------------------------
_NUMBER = {
    "en": re.compile(r"(?<![\w.,/:-])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w:]|[.,]\d)"),
    "ru": re.compile(r"(?<![\w.,/:-])(?:\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:,\d+)?(?![\w:]|[.,]\d)"),
}
_MONTHS = {
    "en": "January|February|March|April|May|June|July|August|September|October|November|December",
    "ru": "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря",
}
_DATE_DAY = {
    "en": re.compile(
        rf"(?:\b(?:{_MONTHS['en']})\s+(\d{{1,2}})\b|\b(\d{{1,2}})\s+(?:{_MONTHS['en']})\b)"
    ),
    "ru": re.compile(rf"\b(\d{{1,2}})\s+(?:{_MONTHS['ru']})\b"),
}
_YEAR = re.compile(r"(?<![\w.,/-])(?:19|20)\d\d(?![\w]|[.,]\d)")

Planted = tuple[str, int, int]  # damaged text, and the span of the damaged token in the clean one
Planter = Callable[[str, str, random.Random], Planted | None]


def _replace(text: str, start: int, end: int, new: str) -> Planted:
    return text[:start] + new + text[end:], start, end


def date_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans of dates and years, found with the benchmark's own expressions."""
    days = _DATE_DAY.get(lang, _DATE_DAY["en"]).finditer(text)
    return [m.span() for m in days] + [m.span() for m in _YEAR.finditer(text)]


def _numbers(text: str, lang: str) -> list[re.Match[str]]:
    pattern = _NUMBER.get(lang, _NUMBER["en"])
    return list(pattern.finditer(text))


def _format(value: Decimal, decimals: int, lang: str, grouped: bool) -> str:
    text = f"{value:,.{decimals}f}" if grouped else f"{value:.{decimals}f}"
    if lang == "ru":
        text = text.replace(",", " ").replace(".", ",")
    return text


def magnitude(text: str, lang: str, rng: random.Random) -> Planted | None:
    """A number ten times too big: 9 billion → 90 billion, 3,58 млрд → 35,8 млрд."""
    found = _numbers(text, lang)
    if not found:
        return None
    m = rng.choice(found)
    raw = m.group()
    grouped = bool(re.search(r"\d[, \u00a0]\d{3}", raw)) and not (lang == "ru" and "," in raw[-4:])
    plain = raw.replace("\u00a0", "").replace(" ", "")
    plain = plain.replace(",", ".") if lang == "ru" else plain.replace(",", "")
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    new = _format(Decimal(plain) * 10, max(decimals - 1, 0), lang, grouped)
    return _replace(text, m.start(), m.end(), new)


def swap(text: str, lang: str, rng: random.Random) -> Planted | None:
    """Two neighbouring digits swapped: 18 → 81."""
    options = []
    for m in _numbers(text, lang):
        raw = m.group()
        for i in range(len(raw) - 1):
            if raw[i].isdigit() and raw[i + 1].isdigit() and raw[i] != raw[i + 1]:
                options.append((m, i))
                break
    if not options:
        return None
    m, i = rng.choice(options)
    raw = m.group()
    return _replace(text, m.start(), m.end(), raw[:i] + raw[i + 1] + raw[i] + raw[i + 2 :])


def append(text: str, lang: str, rng: random.Random) -> Planted | None:
    """A digit too many: 18 → 183."""
    found = _numbers(text, lang)
    if not found:
        return None
    m = rng.choice(found)
    damaged, _, _ = _replace(text, m.end(), m.end(), str(rng.randint(1, 9)))
    return damaged, m.start(), m.end()


def change(text: str, lang: str, rng: random.Random) -> Planted | None:
    """The last digit changed: 18 → 19."""
    found = _numbers(text, lang)
    if not found:
        return None
    m = rng.choice(found)
    last = int(m.group()[-1])
    damaged, _, _ = _replace(text, m.end() - 1, m.end(), str((last + rng.randint(1, 9)) % 10))
    return damaged, m.start(), m.end()


def shift_day(text: str, lang: str, rng: random.Random) -> Planted | None:
    """A date's day one off: July 9 → July 10."""
    found = list(_DATE_DAY.get(lang, _DATE_DAY["en"]).finditer(text))
    if not found:
        return None
    m = rng.choice(found)
    group = 1 if m.group(1) else 2
    day = int(m.group(group))
    new = day + 1 if day < 28 else day - 1
    return _replace(text, m.start(group), m.end(group), str(new))


def shift_year(text: str, lang: str, rng: random.Random) -> Planted | None:
    """A year one off: 2019 → 2020."""
    found = list(_YEAR.finditer(text))
    if not found:
        return None
    m = rng.choice(found)
    return _replace(text, m.start(), m.end(), str(int(m.group()) + rng.choice((-1, 1))))


NAME_DROPPED = "name term deleted (blocks: error)"
WORD_DROPPED = "vocabulary term deleted (warns by design)"


def drop_term(pair: Pair) -> tuple[str, Planted | None]:
    """An approved glossary term deleted from the target, and whether it was a name."""
    if pair.glossary is None:
        return NAME_DROPPED, None
    result = pair.glossary.check(pair.source, pair.target, pair.lang)
    for item in result.found:
        if item.present and item.target_start is not None and item.target_end is not None:
            new, _, _ = _replace(pair.target, item.target_start, item.target_end, "")
            damaged = re.sub(r"\s{2,}", " ", new).strip(), item.target_start, item.target_end
            kind = NAME_DROPPED if is_name(pair.glossary, item.concept) else WORD_DROPPED
            return kind, damaged
    return NAME_DROPPED, None


_CLAUSE_END = re.compile(r"(?<=[,;:])\s+|(?<=[.!?])\s+(?=[A-ZА-ЯЁ«“\"])")


def drop_clause(text: str, lang: str, rng: random.Random) -> Planted | None:
    """One clause or sentence of several left out (an omission): "A, B and C." → "A."."""
    cuts = [0, *(m.end() for m in _CLAUSE_END.finditer(text)), len(text)]
    clauses = [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]
    if len(clauses) < 2:
        return None
    start, end = clauses[rng.randrange(len(clauses))]
    damaged = (text[:start] + text[end:]).strip()
    if damaged.endswith((",", ";", ":")):
        damaged = damaged[:-1] + "."
    return damaged, start, end


OMISSION = "clause dropped (omission)"
NUMBER_ERRORS: list[tuple[str, Planter]] = [
    ("number ×10 (9 billion → 90 billion)", magnitude),
    ("digits swapped (18 → 81)", swap),
    ("digit appended (18 → 183)", append),
    ("last digit changed (18 → 19)", change),
]
DATE_ERRORS: list[tuple[str, Planter]] = [
    ("day shifted (July 9 → July 10)", shift_day),
    ("year shifted (2019 → 2020)", shift_year),
]


# --- measuring --------------------------------------------------------------------------
INSIDE = "… of them in a date or year"
OUTSIDE = "… of them elsewhere"


def false_alarms(pairs: list[Pair]) -> dict[str, Counter[str]]:
    """Issues per check and corpus label on clean pairs."""
    counts: dict[str, Counter[str]] = {}
    for pair in pairs:
        label = f"{pair.corpus} zh→{pair.lang}" if pair.corpus != "own" else "own cases"
        found = counts.setdefault(label, Counter())
        found["segments"] += 1
        for issue in run_checks(unit_of(pair)):
            found[issue.check] += 1
            found[f"{issue.check}/{issue.severity.value}"] += 1
    return counts


@dataclass
class Tally:
    """Trials of one kind of planted error and what caught them."""

    trials: int = 0
    any_error: int = 0
    any_issue: int = 0
    by_check: Counter[str] | None = None

    def add(self, new: Iterable[str], new_any: Iterable[str] = ()) -> None:
        """Record one trial, the checks that raised a new error, and those with any new issue."""
        if self.by_check is None:
            self.by_check = Counter()
        checks = set(new)
        anything = set(new_any) | checks
        self.trials += 1
        self.any_error += bool(checks)
        self.any_issue += bool(anything)
        self.by_check.update(checks)
        self.by_check.update(f"{c}/any" for c in anything)


def recall(pairs: list[Pair], seed: int, missed: list[str]) -> dict[str, Tally]:
    """Plant each kind of error into each clean pair and count the catches."""
    rng = random.Random(seed)
    tallies: dict[str, Tally] = {}
    numbers = {name for name, _ in NUMBER_ERRORS}
    for pair in pairs:
        before = Counter(check(pair))
        dated = date_spans(pair.target, pair.lang)
        plants: list[tuple[str, Planted | None]] = [
            (name, plant(pair.target, pair.lang, rng))
            for name, plant in NUMBER_ERRORS + DATE_ERRORS
        ]
        plants.append(drop_term(pair))
        plants.append((OMISSION, drop_clause(pair.target, pair.lang, rng)))
        for name, planted in plants:
            if planted is None or planted[0] == pair.target:
                continue
            damaged, start, end = planted
            added = Counter(check(pair, damaged)) - before
            new = [c for c, severity, _ in added if severity == Severity.ERROR.value]
            new_any = [c for c, _, _ in added]
            tallies.setdefault(name, Tally()).add(new, new_any)
            if name in numbers:
                inside = any(s < end and start < e for s, e in dated)
                tallies.setdefault(INSIDE if inside else OUTSIDE, Tally()).add(new, new_any)
            if not new:
                missed.append(
                    f"[{name}] {pair.source}\n    clean:   {pair.target}\n    damaged: {damaged}"
                )
    return tallies


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def _alarm_table(pairs: list[Pair]) -> list[str]:
    alarms = false_alarms(pairs)
    labels = sorted(alarms, key=lambda label: (label == "own cases", label))
    lines = [
        "**False alarms on clean translations** (issues per 100 segment-languages; "
        "in brackets how many, and for checks whose issues can be errors or warnings, "
        "how many were errors):",
        "",
    ]
    lines.append("| check | severity | " + " | ".join(labels) + " |")
    lines.append("|---|---|" + "---|" * len(labels))
    for check_id, cls in REGISTRY.items():
        cells = []
        for label in labels:
            count, segments = alarms[label][check_id], alarms[label]["segments"]
            errors = alarms[label][f"{check_id}/error"]
            if count and errors == 0 and cls.severity is Severity.ERROR:
                mixed = ", all warnings"
            elif 0 < errors < count:
                mixed = f", {errors} errors"
            else:
                mixed = ""
            cells.append(f"{100 * count / segments:.2f} ({count}{mixed})")
        lines.append(f"| `{check_id}` | {cls.severity.value} | " + " | ".join(cells) + " |")
    cells = []
    for label in labels:
        count = sum(alarms[label][f"{c}/error"] for c in REGISTRY)
        cells.append(f"**{100 * count / alarms[label]['segments']:.2f}** ({count})")
    lines.append("| all error-severity issues | error | " + " | ".join(cells) + " |")
    sizes = ", ".join(f"{label}: {alarms[label]['segments']}" for label in labels)
    return [*lines, "", f"Segment-languages: {sizes}.", ""]


def _recall_table(title: str, tallies: dict[str, Tally]) -> list[str]:
    shown = ["number_mismatch", "date_mismatch", "term_missing"]
    lines = [
        f"**Planted errors caught, {title}** (a new error-severity issue; `length_ratio` "
        "warns, so its column and the last one count warnings too):",
        "",
    ]
    lines.append(
        "| error planted | trials | "
        + " | ".join(f"`{c}`" for c in [*shown, "length_ratio"])
        + " | any error | any issue |"
    )
    lines.append("|---|---|" + "---|" * (len(shown) + 3))
    groups = [
        ("all number errors", [n for n, _ in NUMBER_ERRORS]),
        ("all date errors", [n for n, _ in DATE_ERRORS]),
    ]
    rows = [n for n, _ in NUMBER_ERRORS] + [groups[0][0], OUTSIDE, INSIDE]
    rows += [n for n, _ in DATE_ERRORS] + [groups[1][0], NAME_DROPPED, WORD_DROPPED, OMISSION]
    for name in rows:
        members = dict(groups).get(name, [name])
        parts = [tallies[m] for m in members if m in tallies]
        trials = sum(t.trials for t in parts)
        if not trials:
            continue
        caught = sum(t.any_error for t in parts)
        anything = sum(t.any_issue for t in parts)
        by = Counter[str]()
        for t in parts:
            by.update(t.by_check or {})
        label = f"**{name}**" if name in dict(groups) else name
        cells = [_pct(by[c], trials) for c in shown] + [_pct(by["length_ratio/any"], trials)]
        lines.append(
            f"| {label} | {trials} | "
            + " | ".join(cells)
            + f" | **{_pct(caught, trials)}** | {_pct(anything, trials)} |"
        )
    return [*lines, ""]


def report(pairs: list[Pair], seed: int, show_missed: int) -> str:
    """Run both measurements and return them as Markdown."""
    started = time.perf_counter()
    lines = _alarm_table(pairs)
    missed: list[str] = []
    reference = [p for p in pairs if p.corpus != "demo"]
    demo = [p for p in pairs if p.corpus == "demo"]
    lines += _recall_table("TICO-19 and own cases", recall(reference, seed, missed))
    if demo:
        lines += _recall_table("demo drafts", recall(demo, seed, missed))
    lines += [f"Seed {seed}; {len(pairs)} clean pairs; {time.perf_counter() - started:.1f} s."]
    if show_missed:
        print("\n".join(["Missed (sample):", *missed[:show_missed], ""]), file=sys.stderr)
    return "\n".join(lines)


def main() -> None:
    """Parse arguments, measure, print, and optionally update the docs page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show-missed", type=int, default=0, metavar="N")
    parser.add_argument("--update-doc", type=Path, metavar="FILE")
    parser.add_argument("--no-demo", action="store_true", help="leave out the demo workspace")
    args = parser.parse_args()
    pairs = tico_pairs() + own_pairs()
    if not args.no_demo:
        pairs += demo_pairs(Pair)  # type: ignore[arg-type]
    table = report(pairs, args.seed, args.show_missed)
    print(table)
    if args.update_doc:
        page = args.update_doc.read_text(encoding="utf-8")
        head, _, rest = page.partition(START)
        _, _, tail = rest.partition(END)
        args.update_doc.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
