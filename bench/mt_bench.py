"""What tmtool adds around an MT engine: masking, the cache, restoring, writing drafts.

Pretranslates synthetic articles (news frames around the shipped glossary's Chinese
terms) into Russian against the local test server (LibreTranslate's protocol, answering
at once with a Russian frame around the placeholders), on a temporary SQLite workspace.
The engine costs next to nothing here, so the times are tmtool's own work plus the local
HTTP round trips: per segment on a first run (every text sent and cached) and on a copy of
the article (every answer from the cache). Also counts the terms restored in a case and
those left in their base form (flagged).

    .venv/bin/python bench/mt_bench.py [--segments 200 1000]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import Session

from tests.mt_server import MTServer, use_server
from tmtool import workspace
from tmtool.cli import main
from tmtool.db import make_engine
from tmtool.formats.glossaries import read_glossary
from tmtool.resources import shipped_glossary
from tmtool.services import mt
from tmtool.services.setup import init_workspace

FRAMES = [
    ("第{n}次会议在{t}举行。", "Совещание номер {n} прошло в {T}."),
    ("{t}的经济第{n}年发展很快。", "Экономика {T} быстро развивается {n}-й год."),
    ("第{n}个代表团从{t}出发。", "Делегация {n} выехала из {T}."),
    ("市长第{n}次谈到了{t}。", "Мэр в {n}-й раз рассказал о {T}."),
]
_TOKEN = re.compile(r"\[T\d+\]")


def _answer(text: str, source: str, target: str) -> str:
    number = re.search(r"\d+", text)
    for zh, ru in FRAMES:
        marker = zh.replace("{n}", "").replace("{t}", "")[2:4]
        if marker in text:
            tokens = " ".join(_TOKEN.findall(text)) or "…"
            return ru.format(n=number.group() if number else "0", T=tokens)
    return f"<{target}> {text}"


def _article(count: int, seed: int) -> str:
    rng = random.Random(seed)
    shipped = shipped_glossary()
    assert shipped is not None
    terms = [
        t.text
        for c in read_glossary(shipped).concepts
        for t in c.terms
        if t.lang == "zh" and t.status.value == "preferred" and len(t.text) <= 8
    ]
    lines = []
    for n in range(count):
        zh, _ = FRAMES[n % len(FRAMES)]
        lines.append(zh.format(n=n + 1, t=rng.choice(terms)))
    return "\n\n".join(lines) + "\n"


def _cli(root: Path, *args: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["--workspace", str(root), "--user", "chen", *args])
    assert code == 0, args


def run(count: int) -> tuple[float, float, mt.PretranslateReport, mt.PretranslateReport]:
    server = MTServer(translate_with=_answer).start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "ws"
            init_workspace(root, database=None, creator="chen")
            use_server(root, server.url, batch_size=50)
            ws = workspace.load(root)
            text = Path(folder) / "a.zh.txt"
            text.write_text(_article(count, 7), encoding="utf-8")
            _cli(root, "import", str(text), "--slug", "first")
            _cli(root, "import", str(text), "--slug", "copy")
            engine = make_engine(ws.database_url)
            try:
                times, reports = [], []
                for slug in ("first", "copy"):
                    session = Session(engine, expire_on_commit=False)
                    start = time.perf_counter()
                    reports.append(
                        mt.pretranslate(
                            session=session, workspace=ws, slug=slug, lang="ru", user_name="chen"
                        )
                    )
                    times.append(time.perf_counter() - start)
            finally:
                engine.dispose()
    finally:
        server.stop()
    return times[0], times[1], reports[0], reports[1]


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, nargs="+", default=[200, 1000])
    args = parser.parse_args()
    print("| segments | first run s | ms/segment | requests | cached run s | ms/segment | "
          "from cache | flagged |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for count in args.segments:
        first, again, report, rerun = run(count)
        print(
            f"| {count} | {first:.2f} | {first / count * 1000:.1f} | {report.requested} | "
            f"{again:.2f} | {again / count * 1000:.1f} | {rerun.cached} | {report.flagged} |"
        )


if __name__ == "__main__":
    main_()
