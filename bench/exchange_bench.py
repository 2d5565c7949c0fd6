"""Write and read 100,000 units as PO, XLIFF 2.1 and TMX; tmtool against translate-toolkit.

Each row times one write and one read of the same data (best of ``--repeat``
runs), the peak of Python memory allocations during the step (tracemalloc,
in a separate run so that tracing does not slow the timing) and the resident
memory tmtool's step adds at its peak, libxml2's included (a fresh process each).  The TMX rows
write three languages per entry (zh, en, ru) for tmtool; translate-toolkit's
TMX store is bilingual, so it writes zh and en.  translate-toolkit's read rows
include touching every unit's source and target, which its XML stores
extract lazily.

    .venv/bin/python bench/exchange_bench.py [--units 100000] [--repeat 3] [--no-toolkit]
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tmtool.formats import po, tmx, xliff
from tmtool.formats.exchange import ExchangeFile, ExchangeUnit, TMEntry, UnitState

ZH = "齐齐哈尔市第{n}届“鹤城”国际马拉松赛将于9日至10日举行，参赛人数达3.5万人。"
EN = 'The {n}th "Crane City" International Marathon will be held on the 9th and 10th.'
RU = "{n}-й международный марафон «Журавлиный город» пройдёт 9–10 числа."


def make_file(count: int) -> ExchangeFile:
    """A bilingual file with every state in turn."""
    states = list(UnitState)
    units = tuple(
        ExchangeUnit(
            f"bench/{n}",
            ZH.format(n=n),
            "" if states[n % 6] is UnitState.EMPTY else RU.format(n=n),
            states[n % 6],
            paragraph=n // 5 + 1,
        )
        for n in range(count)
    )
    return ExchangeFile("zh", "ru", units, article="bench", title="Bench", tool="tmtool")


def make_entries(count: int) -> list[TMEntry]:
    """Trilingual translation memory entries."""
    return [
        TMEntry({"zh": ZH.format(n=n), "en": EN.format(n=n), "ru": RU.format(n=n)}, "bench")
        for n in range(count)
    ]


def measure(step: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Return (best seconds, peak MiB, result) of a step."""
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = step()
        best = min(best, time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    step()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return best, peak, result


def _status(field: str) -> float:
    """A memory figure of this process from /proc/self/status, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _rss_child(label: str, units: int, send: Any) -> None:
    steps = tmtool_steps(make_file(units), make_entries(units))
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # the high-water mark starts again here
    start = _status("VmRSS")
    steps[label]()
    send.send(_status("VmHWM") - start)


def rss_growth(label: str, units: int) -> float:
    """Resident memory one step adds at its peak (MiB), libxml2's included.

    The step runs in a fresh process that first builds its inputs; the peak is then reset
    (``/proc/self/clear_refs``), so the figure is what the step itself needed.
    """
    context = mp.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_rss_child, args=(label, units, send))
    process.start()
    growth = float(receive.recv())
    process.join()
    return growth


def toolkit_steps(f: ExchangeFile, entries: list[TMEntry]) -> dict[str, Callable[[], Any]]:
    """translate-toolkit doing the same jobs, for comparison."""
    from translate.storage import po as ttk_po
    from translate.storage import tmx as ttk_tmx
    from translate.storage import xliff2 as ttk_xliff2

    def po_write() -> bytes:
        store = ttk_po.pofile()
        for unit in f.units:
            new = store.addsourceunit(unit.source)
            new.setcontext(unit.key)
            new.target = unit.target
            new.markfuzzy(unit.state in (UnitState.DRAFT, UnitState.NEEDS_WORK))
        return bytes(store)

    def xliff_write() -> bytes:
        store = ttk_xliff2.Xliff2File(sourcelanguage="zh", targetlanguage="ru")
        for unit in f.units:
            new = store.addsourceunit(unit.source)
            new.setid(unit.key.replace("/", "_"))
            new.target = unit.target
        return bytes(store)

    def tmx_write() -> bytes:
        store = ttk_tmx.tmxfile(sourcelanguage="zh", targetlanguage="en")
        for entry in entries:
            store.addtranslation(entry.variants["zh"], "zh", entry.variants["en"], "en")
        return bytes(store)

    def texts(store: Any) -> int:
        """Touch every unit's texts: translate-toolkit's XML stores parse them lazily."""
        return sum(len(u.source or "") + len(u.target or "") for u in store.units)

    data = {"po": po_write(), "xliff": xliff_write(), "tmx": tmx_write()}
    return {
        "po write": po_write,
        "po read": lambda: texts(ttk_po.pofile.parsestring(data["po"])),
        "xliff write": xliff_write,
        "xliff read": lambda: texts(ttk_xliff2.Xliff2File.parsestring(data["xliff"])),
        "tmx write": tmx_write,
        "tmx read": lambda: texts(ttk_tmx.tmxfile.parsestring(data["tmx"])),
    }


def tmtool_steps(f: ExchangeFile, entries: list[TMEntry]) -> dict[str, Callable[[], Any]]:
    """tmtool writing and reading the bench data."""
    written = {"po": po.write(f), "xliff": xliff.write(f), "tmx": tmx.write(entries)}
    return {
        "po write": lambda: po.write(f),
        "po read": lambda: po.read(written["po"], name="bench.po"),
        "xliff write": lambda: xliff.write(f),
        "xliff read": lambda: xliff.read(written["xliff"], name="bench.xlf"),
        "tmx write": lambda: tmx.write(entries),
        "tmx read": lambda: tmx.read(written["tmx"], name="bench.tmx"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-toolkit", action="store_true", help="skip translate-toolkit")
    args = parser.parse_args()
    f, entries = make_file(args.units), make_entries(args.units)
    written = {"po": po.write(f), "xliff": xliff.write(f), "tmx": tmx.write(entries)}
    rows = [
        ("tmtool", label, *measure(step, args.repeat)[:2], rss_growth(label, args.units))
        for label, step in tmtool_steps(f, entries).items()
    ]
    if not args.no_toolkit:
        for label, step in toolkit_steps(f, entries).items():
            # No RSS figure: building the toolkit's inputs leaves freed memory its steps reuse.
            rows.append(("translate-toolkit", label, *measure(step, args.repeat)[:2], None))
    sizes = ", ".join(f"{k} {len(v) / 2**20:.1f} MiB" for k, v in written.items())
    print(f"{args.units:,} units; tmtool's files: {sizes}\n")
    print(f"| {'library':<17} | {'step':<11} | {'seconds':>7} | {'peak MiB':>8} | {'RSS MiB':>7} |")
    print(f"|{'-' * 19}|{'-' * 13}|{'-' * 8}:|{'-' * 9}:|{'-' * 8}:|")
    for library, label, seconds, peak, rss in rows:
        resident = "–" if rss is None else f"{rss:.1f}"
        print(f"| {library:<17} | {label:<11} | {seconds:>7.2f} | {peak:>8.1f} | {resident:>7} |")


if __name__ == "__main__":
    main()
