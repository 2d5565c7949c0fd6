"""The demo workspace's correct drafts as clean pairs for bench/qa_bench.py.

Builds the demo workspace (tmtool/demo) in a temporary folder and returns every
non-empty translation that tmtool/demo/data/errors.md does not name as planted, with
the workspace's glossary and each translation's article context (peers, TM units,
length model) exactly as the stored QA results see them.  Planted errors of survey and
festival are located by paragraph, so their whole paragraph is left out.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from tmtool import demo
from tmtool.db import make_engine
from tmtool.models import Article, Segment, Translation
from tmtool.services.qa_context import ContextReader
from tmtool.services.qa_store import term_index

__all__ = ["demo_pairs"]


def _planted() -> set[tuple[str, str, str, int]]:
    """(slug, lang, "line" or "paragraph", number) of every planted error."""
    found = set()
    section = ""
    for line in (demo.DATA / "errors.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
            continue
        m = re.match(r"\| [SFD]\d+ \| \w+\.(en|ru)\.\w+ \| (?:P(\d+)|(\d+))", line)
        if m and section in ("survey", "festival", "digest"):
            lang = m.group(1)
            if m.group(2) is not None:
                found.add((section, lang, "paragraph", int(m.group(2))))
            else:
                found.add((section, lang, "line", int(m.group(3))))
    return found


def demo_pairs(make_pair: type) -> list[object]:
    """The demo's clean pairs, made with ``make_pair(source, target, lang, corpus, ...)``."""
    planted = _planted()
    pairs: list[object] = []
    with tempfile.TemporaryDirectory() as tmp:
        ws = demo.build(Path(tmp) / "demo", user="chen")
        engine = make_engine(ws.database_url)
        try:
            with Session(engine) as session, session.begin():
                _, index = term_index(session)
                reader = ContextReader(session, index)
                rows = session.execute(
                    sa_select(
                        col(Article.id),
                        col(Article.slug),
                        col(Segment.position),
                        col(Segment.paragraph),
                        col(Segment.source),
                        col(Translation.lang),
                        col(Translation.text),
                    )
                    .join(Segment, col(Segment.article_id) == col(Article.id))
                    .join(Translation, col(Translation.segment_id) == col(Segment.id))
                    .order_by(col(Article.id), col(Segment.position))
                ).all()
                sources = {(row[0], row[2]): row[4] for row in rows}
                for article_id, slug, position, paragraph, source, lang, text in rows:
                    if not text.strip():
                        continue
                    if (slug, lang, "line", position) in planted:
                        continue
                    if (slug, lang, "paragraph", paragraph) in planted:
                        continue
                    prepared = reader.prepare(article_id, lang, position, source, text)
                    context = reader.context(article_id, lang, prepared)
                    around = tuple(
                        sources.get((article_id, p), "") for p in (position - 1, position + 1)
                    )
                    pairs.append(
                        make_pair(source, text, lang, "demo", index, context, position, around)
                    )
        finally:
            engine.dispose()
    return pairs
