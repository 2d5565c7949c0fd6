"""How fast glossary matching and checking are.

Generates 100,000 distinct Chinese terms (random 2–8 character strings of
frequent characters, plus real place and policy names) and 1 MB (UTF-8) of
Chinese text mixing terms and filler, then measures: building the index,
scanning the text (leftmost-longest), a naive ``for term in terms: if term
in text`` loop on a 10 KB slice, and checking 10,000 segments against their
English and Russian translations with a scaled-up news-desk termbase.

    .venv/bin/python bench/glossary_bench.py [--terms 100000] [--segments 10000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from typing import NamedTuple

import ahocorasick_rs

from tmtool.formats.termbase import ConceptEntry, Termbase, TermEntry, TermStatus
from tmtool.glossary import TermIndex

# About 500 of the most frequent characters of Chinese news copy.
FREQUENT = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自"
    "二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
    "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变"
    "条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
    "几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器"
    "压志世金增争济阶油思术极交受联什认六共权收证改清美再采转更单风切打白教速花带安场"
    "身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温"
    "传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断"
    "深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值"
    "号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆"
    "包火住调满县局照参红细引听该铁价严龙飞齐哈尔滨鹤城扎沙企策乱"
)
NAMES = [
    "齐齐哈尔", "哈尔滨", "鹤城", "龙沙区", "建华区", "铁锋区", "昂昂溪区", "富拉尔基区",
    "碾子山区", "梅里斯达斡尔族区", "扎龙自然保护区", "扎龙", "市委书记", "市委", "市政府",
    "清四乱", "一企一策", "中车", "黑龙江省", "嫩江", "明月岛", "劳动湖", "大庆", "牡丹江",
    "佳木斯", "讷河市", "依安县", "泰来县", "甘南县", "富裕县", "克山县", "克东县", "拜泉县",
]  # fmt: skip
FILLER = "，。、；：“”"

P, A, D = TermStatus.PREFERRED, TermStatus.ADMITTED, TermStatus.DEPRECATED


class Place(NamedTuple):
    """A synthetic place: Chinese and English names, Russian name by case."""

    zh: str
    en: str
    ru: dict[str, str]


# Pinyin syllable: (Chinese character, English spelling, Russian spelling).
SYLLABLES = [
    ("龙", "long", "лун"), ("沙", "sha", "ша"), ("建", "jian", "цзянь"), ("华", "hua", "хуа"),
    ("铁", "tie", "те"), ("锋", "feng", "фэн"), ("富", "fu", "фу"), ("拉", "la", "ла"),
    ("安", "an", "ань"), ("泰", "tai", "тай"), ("明", "ming", "мин"), ("兴", "xing", "син"),
    ("东", "dong", "дун"), ("新", "xin", "синь"), ("合", "he", "хэ"), ("平", "ping", "пин"),
    ("长", "chang", "чан"), ("青", "qing", "цин"), ("山", "shan", "шань"), ("河", "he", "хэ"),
    ("江", "jiang", "цзян"), ("南", "nan", "нань"), ("北", "bei", "бэй"), ("宁", "ning", "нин"),
]  # fmt: skip
# Kind of place: Chinese suffix, English pattern, Russian forms by case.
KINDS = [
    ("区", "{} District", {"nom": "район {}", "gen": "района {}", "prep": "районе {}",
                           "acc": "район {}", "ins": "районом {}"}),
    ("街道", "{} Subdistrict", {"nom": "квартал {}", "gen": "квартала {}", "prep": "квартале {}",
                                "acc": "квартал {}", "ins": "кварталом {}"}),
    ("工业园", "{} Industrial Park", {"nom": "индустриальный парк {}",
                                     "gen": "индустриального парка {}",
                                     "prep": "индустриальном парке {}",
                                     "acc": "индустриальный парк {}",
                                     "ins": "индустриальным парком {}"}),
    ("小学", "{} Primary School", {"nom": "начальная школа {}", "gen": "начальной школы {}",
                                   "prep": "начальной школе {}", "acc": "начальную школу {}",
                                   "ins": "начальной школой {}"}),
]  # fmt: skip


def real_concepts() -> list[ConceptEntry]:
    """The unit tests' news-desk concepts."""

    def c(key: str, *terms: tuple[str, str, TermStatus]) -> ConceptEntry:
        return ConceptEntry(
            key, tuple(TermEntry(lang, text, status) for lang, text, status in terms)
        )

    return [
        c("qiqihar", ("zh", "齐齐哈尔", P), ("en", "Qiqihar", P), ("en", "Tsitsihar", D),
          ("ru", "Цицикар", P), ("ru", "Цицихар", D)),
        c("crane_city", ("zh", "鹤城", P), ("en", "Crane City", P), ("en", "Crane Town", D),
          ("ru", "Город журавлей", P)),
        c("secretary", ("zh", "市委书记", P),
          ("en", "Secretary of the CPC Qiqihar Municipal Committee", P),
          ("ru", "секретарь Цицикарского горкома КПК", P)),
        c("committee", ("zh", "市委", P), ("en", "CPC Qiqihar Municipal Committee", P),
          ("ru", "Цицикарский горком КПК", P)),
        c("four_mess", ("zh", "清四乱", P), ("en", "Four Mess Removal", P),
          ("ru", "ликвидация четырёх беспорядков", P)),
        c("one_policy", ("zh", "一企一策", P), ("en", "one policy for one enterprise", P),
          ("ru", "отдельная политика для каждого предприятия", P)),
        c("crrc", ("zh", "中车", P), ("zh", "CRRC", A), ("en", "CRRC", P), ("ru", "CRRC", P)),
        c("harbin", ("zh", "哈尔滨", P), ("en", "Harbin", P), ("ru", "Харбин", P),
          ("ru", "Харбинь", D)),
    ]  # fmt: skip


def scaled_termbase(count: int, rng: random.Random) -> tuple[Termbase, list[Place]]:
    """The real concepts plus `count` synthetic place names with zh, en and ru terms.

    Every tenth place also has a deprecated English spelling.

    Returns:
        The termbase and the synthetic places.
    """
    concepts = real_concepts()
    places: list[Place] = []
    seen: set[str] = set()
    while len(places) < count:
        parts = rng.sample(SYLLABLES, rng.choice((2, 2, 3)))
        suffix, english, russian = rng.choice(KINDS)
        zh = "".join(p[0] for p in parts) + suffix
        if zh in seen:
            continue
        seen.add(zh)
        en_name = "".join(p[1] for p in parts).capitalize()
        ru_name = "".join(p[2] for p in parts).capitalize()
        forms = {case: form.format(ru_name) for case, form in russian.items()}
        terms = [
            TermEntry("zh", zh),
            TermEntry("en", english.format(en_name)),
            TermEntry("ru", forms["nom"]),
        ]
        if len(places) % 10 == 0:
            terms.append(TermEntry("en", english.format(en_name + "g"), D))
        concepts.append(ConceptEntry(f"place{len(places)}", tuple(terms)))
        places.append(Place(zh, english.format(en_name), forms))
    return Termbase(tuple(concepts)), places


def random_terms(count: int, rng: random.Random) -> list[str]:
    """`count` distinct terms: the real names, then random 2–8 character strings."""
    terms = dict.fromkeys(NAMES)
    while len(terms) < count:
        terms["".join(rng.choices(FREQUENT, k=rng.randint(2, 8)))] = None
    return list(terms)


def chinese_text(terms: list[str], size: int, rng: random.Random) -> str:
    """About `size` UTF-8 bytes of news-like text: clauses with one term each.

    Filler characters follow a Zipf law over the frequency-ordered `FREQUENT`
    (as real text does); each clause of 6–30 filler characters carries one
    glossary term and ends in Chinese punctuation.
    """
    weights = [1 / (rank + 1) for rank in range(len(FREQUENT))]
    parts: list[str] = []
    total = 0
    while total < size:
        filler = rng.choices(FREQUENT, weights, k=rng.randint(6, 30))
        cut = rng.randint(0, len(filler))
        piece = "".join(filler[:cut]) + rng.choice(terms) + "".join(filler[cut:])
        piece += rng.choice(FILLER)
        parts.append(piece)
        total += len(piece.encode())
    return "".join(parts)


def segments(places: list[Place], count: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """Segments of about 40 Chinese characters with three or more terms, and translations."""
    templates = [
        (
            "{0.zh}和{1.zh}负责人在{2.zh}召开现场会，部署今冬明春重点工作。",
            "Officials of {0.en} and {1.en} held an on-site meeting in {2.en} "
            "on winter priorities.",
            "Руководители {0.ru[gen]} и {1.ru[gen]} провели выездное совещание в {2.ru[prep]}.",
        ),
        (
            "市委书记在{0.zh}调研时强调，{1.zh}要落实一企一策，支持{2.zh}发展。",
            "Visiting {0.en}, the Secretary of the CPC Qiqihar Municipal Committee said {1.en} "
            "should apply one policy for one enterprise to support {2.en}.",
            "Посетив {0.ru[acc]}, секретарь Цицикарского горкома КПК призвал {1.ru[acc]} "
            "применять отдельную политику для каждого предприятия ради развития {2.ru[gen]}.",
        ),
        (
            "齐齐哈尔{0.zh}启动清四乱专项行动，{1.zh}与{2.zh}同步推进。",
            "Qiqihar's {0.en} launched the Four Mess Removal campaign, "
            "joined by {1.en} and {2.en}.",
            "В Цицикаре {0.ru[nom]} начал ликвидацию четырёх беспорядков вместе с {1.ru[ins]} "
            "и {2.ru[ins]}.",
        ),
    ]
    out = []
    for number in range(count):
        zh, en, ru = templates[number % len(templates)]
        picks = rng.sample(places, 3)
        out.append((zh.format(*picks), en.format(*picks), ru.format(*picks)))
    return out


def best(runs: int, action: Callable[[], object]) -> float:
    """The fastest of `runs` timings of a callable, in seconds (its result is
    dropped only after the clock stops)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
        del result
    return min(times)


def main() -> None:
    """Run every measurement and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument("--segments", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(20240601)
    rows: list[tuple[str, str]] = []

    terms = random_terms(args.terms, rng)
    termbase = Termbase(
        tuple(ConceptEntry(f"t{i}", (TermEntry("zh", t),)) for i, t in enumerate(terms))
    )
    build = best(5, lambda: TermIndex(termbase))
    rows.append((f"build TermIndex, {len(terms):,} terms (s)", f"{build:.3f}"))

    keys = [term.encode("utf-16-be") for term in sorted(terms)]
    longest = ahocorasick_rs.MatchKind.LeftmostLongest

    def bare_automaton() -> ahocorasick_rs.BytesAhoCorasick:
        return ahocorasick_rs.BytesAhoCorasick(keys, matchkind=longest)

    def str_automaton() -> ahocorasick_rs.AhoCorasick:
        return ahocorasick_rs.AhoCorasick(terms, matchkind=longest)

    bare = best(3, bare_automaton)
    rows.append(("  for comparison: bare ahocorasick-rs, UTF-16 bytes (s)", f"{bare:.3f}"))
    bare_str = best(3, str_automaton)
    rows.append(("  bare ahocorasick-rs, its str interface (UTF-8) (s)", f"{bare_str:.3f}"))

    index = TermIndex(termbase)
    text = chinese_text(terms, 1_000_000, rng)
    megabytes = len(text.encode()) / 1e6
    hits = index.find(text)
    rows.append(
        (f"text: {megabytes:.2f} MB UTF-8, {len(text):,} characters", f"{len(hits):,} hits")
    )
    scan = best(5, lambda: index.find(text))
    rows.append(("find(): leftmost-longest, SourceHit list (MB/s)", f"{megabytes / scan:.1f}"))
    automaton_scan = best(5, lambda: index._automaton.scan(text))
    rows.append(("  the scan alone, hits as tuples (MB/s)", f"{megabytes / automaton_scan:.1f}"))
    utf16 = text.encode("utf-16-be")
    automaton = bare_automaton()
    raw = best(5, lambda: automaton.find_matches_as_indexes(utf16))
    rows.append(("  ahocorasick-rs alone over the UTF-16 text (MB/s)", f"{megabytes / raw:.1f}"))
    automaton_str = str_automaton()
    raw_str = best(5, lambda: automaton_str.find_matches_as_indexes(text))
    rows.append(("  ahocorasick-rs alone, str interface (MB/s)", f"{megabytes / raw_str:.1f}"))

    piece = text.encode()[:10_000].decode(errors="ignore")
    start = time.perf_counter()
    naive = [term for term in terms if term in piece]
    naive_time = time.perf_counter() - start
    rows.append(
        (
            f"naive `term in text` loop, 10 KB slice ({len(naive):,} terms seen) (MB/s)",
            f"{len(piece.encode()) / 1e6 / naive_time:.3f}",
        )
    )

    scaled, places = scaled_termbase(10_000, rng)
    pairs = segments(places, args.segments, rng)
    start = time.perf_counter()
    checker = TermIndex(scaled)
    rows.append(
        (
            f"build scaled termbase, {len(scaled.concepts):,} concepts (s)",
            f"{time.perf_counter() - start:.3f}",
        )
    )
    cold: list[float] = []
    for zh, en, ru in pairs:
        start = time.perf_counter()
        checker.check(zh, en, "en")
        checker.check(zh, ru, "ru")
        cold.append(time.perf_counter() - start)
    warm: list[float] = []
    problems = 0
    for zh, en, ru in pairs:
        start = time.perf_counter()
        english = checker.check(zh, en, "en")
        russian = checker.check(zh, ru, "ru")
        warm.append(time.perf_counter() - start)
        problems += len(english.missing) + len(russian.missing)
    rows.append(
        (
            f"check {len(pairs):,} segments en+ru, first pass (µs/segment)",
            f"{statistics.mean(cold) * 1e6:.0f}",
        )
    )
    rows.append(
        ("check en+ru, warm caches, mean (µs/segment)", f"{statistics.mean(warm) * 1e6:.0f}")
    )
    rows.append(
        (
            "check en+ru, warm caches, p95 (µs/segment)",
            f"{sorted(warm)[int(0.95 * len(warm))] * 1e6:.0f}",
        )
    )
    rows.append(("missing terms reported (expected 0)", f"{problems}"))

    width = max(len(name) for name, _ in rows)
    print(f"| {'measurement'.ljust(width)} | result |")
    print(f"| {'-' * width} | ------ |")
    for name, value in rows:
        print(f"| {name.ljust(width)} | {value} |")


if __name__ == "__main__":
    main()
