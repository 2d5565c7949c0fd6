"""Sentence alignment against the gold set in bench/data/align: accuracy and speed.

For every gold document, tmtool's aligner and a plain Gale–Church baseline align the
Chinese with the English and Russian, once from the gold sentence lists (as
``tmtool align --lines``) and once from the raw paragraphs (sentence splitting
included).  Links are scored strictly: a link counts only when its Chinese side and
its target side are exactly the gold ones (compared as text, so the raw mode is
scored the same way).  Prints tables of precision, recall and F1 per style and
language pair, the time per 1,000 sentences, and the time to align a 100-sentence
article against two drafts once the model is loaded.

    .venv/bin/python bench/align_bench.py [--no-embeddings] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tmtool.align.aligner import Aligner, Alignment, reconcile, split_text
from tmtool.align.embedding import CachedEmbedder
from tmtool.align.galechurch import gale_church

DATA = Path(__file__).parent / "data" / "align"
TARGETS = ("en", "ru")
RUNS = (("tmtool", "lines"), ("tmtool", "raw"), ("gale-church", "lines"), ("gale-church", "raw"))
Key = tuple[str, str]


def _paragraphs(doc: dict[str, object], lang: str) -> list[list[str]]:
    paragraphs: list[list[str]] = []
    for unit in doc["units"]:  # type: ignore[attr-defined]
        if unit["para"] or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].extend(unit[lang])
    return [p for p in paragraphs if p]


def _raw(paragraphs: list[list[str]], lang: str) -> str:
    glue = "" if lang == "zh" else " "
    return "\n\n".join(glue.join(p) for p in paragraphs)


def _key(zh: list[str], target: list[str]) -> Key:
    return ("".join(zh).replace(" ", ""), "".join(target).replace(" ", ""))


def gold_links(doc: dict[str, object], lang: str) -> set[Key]:
    """The gold links of one language pair, as text."""
    return {
        _key(unit["zh"], unit[lang])
        for unit in doc["units"]  # type: ignore[attr-defined]
        if unit["zh"] or unit[lang]
    }


def found_links(alignment: Alignment, lang: str) -> set[Key]:
    """An alignment's links of one language pair, as text."""
    zh, target = alignment.sentences["zh"], alignment.sentences[lang]
    return {
        _key([zh[i] for i in link.source], [target[j] for j in link.targets[lang]])
        for link in alignment.links
        if link.source or link.targets[lang]
    }


def baseline(zh: list[list[str]], targets: dict[str, list[list[str]]]) -> Alignment:
    """Gale–Church per language, reconciled like tmtool's links."""
    flat = {lang: [s for p in text for s in p] for lang, text in {"zh": zh, **targets}.items()}
    pairs = {lang: gale_church(flat["zh"], flat[lang], lang) for lang in targets}
    return Alignment(flat, {}, reconcile(len(flat["zh"]), pairs), "gale-church")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-embeddings", action="store_true", help="lengths and anchors only")
    parser.add_argument("--verbose", action="store_true", help="print every wrong link")
    args = parser.parse_args()
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(DATA.glob("*.json"))]
    if not docs:
        sys.exit(f"no gold documents in {DATA}")
    load_start = time.perf_counter()
    aligner = Aligner(embedder=None) if args.no_embeddings else Aligner()
    load = time.perf_counter() - load_start
    counts: dict[tuple[str, str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    seconds: dict[str, float] = defaultdict(float)
    sentences = 0
    for doc in docs:
        zh = _paragraphs(doc, "zh")
        targets = {lang: _paragraphs(doc, lang) for lang in TARGETS}
        sentences += sum(len(p) for text in (zh, *targets.values()) for p in text)
        raw_zh = split_text(_raw(zh, "zh"), "zh")
        raw_targets = {lang: split_text(_raw(t, lang), lang) for lang, t in targets.items()}
        for system, mode in RUNS:
            sources, drafts = (zh, targets) if mode == "lines" else (raw_zh, raw_targets)
            if isinstance(aligner.embedder, CachedEmbedder):
                aligner.embedder.clear()  # every run pays for its embeddings
            start = time.perf_counter()
            if system == "tmtool":
                alignment = aligner.align(sources, drafts)
            else:
                alignment = baseline(sources, drafts)
            seconds[f"{system} {mode}"] += time.perf_counter() - start
            for lang in TARGETS:
                gold, found = gold_links(doc, lang), found_links(alignment, lang)
                tally = counts[(system, mode, doc["style"], lang)]
                tally[0] += len(gold & found)
                tally[1] += len(found)
                tally[2] += len(gold)
                if args.verbose and system == "tmtool" and gold != found:
                    print(f"{doc['id']} {mode} {lang}")
                    for link in sorted(found - gold):
                        print("   found", link)
                    for link in sorted(gold - found):
                        print("   gold ", link)
    print(f"{len(docs)} documents, {sentences} sentences; scorer {aligner.scorer_name}")
    print(
        f"model load {load:.2f} s; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )
    print()
    print("| system | input | style | pair | precision | recall | F1 |")
    print("|---|---|---|---|---:|---:|---:|")
    for (system, mode, style, lang), (hits, found, gold) in sorted(counts.items()):
        precision = hits / found if found else 0.0
        recall = hits / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
        row = f"| {system} | {mode} | {style} | zh-{lang} |"
        print(f"{row} {precision:.3f} | {recall:.3f} | {f1:.3f} |")
    print()
    print("| system | input | seconds per 1,000 sentences (zh+en+ru, first alignment) |")
    print("|---|---|---:|")
    for name, total in sorted(seconds.items()):
        system, mode = name.split(" ")
        print(f"| {system} | {mode} | {total / sentences * 1000:.2f} |")
    _article_time(aligner, docs)


def _article_time(aligner: Aligner, docs: list[dict[str, object]]) -> None:
    """A 100-sentence article against two drafts: first alignment and realignment."""
    zh: list[list[str]] = []
    targets: dict[str, list[list[str]]] = {lang: [] for lang in TARGETS}
    for doc in docs:
        if sum(len(p) for p in zh) >= 100:
            break
        zh += _paragraphs(doc, "zh")
        for lang in TARGETS:
            targets[lang] += _paragraphs(doc, lang)
    fresh = Aligner(embedder=None) if aligner.embedder is None else Aligner()
    if isinstance(fresh.embedder, CachedEmbedder):
        fresh.embedder.clear()
    start = time.perf_counter()
    fresh.align(zh, targets)
    first = time.perf_counter() - start
    start = time.perf_counter()
    fresh.align(zh, targets)
    again = time.perf_counter() - start
    n = sum(len(p) for p in zh)
    print()
    print(
        f"article of {n} Chinese sentences against two drafts "
        f"({sum(len(p) for p in targets['en'])} en, {sum(len(p) for p in targets['ru'])} ru): "
        f"{first:.2f} s with empty cache, {again:.2f} s realigning"
    )


if __name__ == "__main__":
    main()
