"""The publication bundle of a demo article, opened in headless Chromium (Debian's package)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import lxml.html
import pytest
from sqlmodel import Session

from tmtool import demo
from tmtool.db import make_engine
from tmtool.services import publishing, queries

CHROMIUM = Path("/usr/bin/chromium")
SLUG = "festival"


@pytest.fixture(scope="module")
def chromium() -> Path:
    """Debian's chromium; CI installs it (.ci/run), so there its absence is a failure."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI installs Debian's chromium package.")
        pytest.skip(f"{CHROMIUM} is not installed")
    return CHROMIUM


def _chromium(binary: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [
            str(binary),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )


def test_bundle_renders_every_language_with_the_switcher(chromium: Path, tmp_path: Path) -> None:
    user = "chen"
    ws = demo.build(tmp_path / "demo", user=user)
    engine = make_engine(ws.database_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            files = publishing.export_article(
                session,
                slug=SLUG,
                fmt="bundle",
                langs=["en", "ru"],
                out_dir=tmp_path / "site",
                user_name=user,
                draft=True,
            )
        with Session(engine, expire_on_commit=False) as session:
            view = queries.article_view(session, SLUG)
    finally:
        engine.dispose()
    headline = [s for s in view.segments if s.paragraph == 0]
    titles = {
        "zh": "".join(s.source for s in headline),
        "en": " ".join(s.translations["en"].text for s in headline),
        "ru": " ".join(s.translations["ru"].text for s in headline),
    }
    assert all(titles.values())
    pages = {f.lang: f.path for f in files if f.lang}
    assert set(pages) == {"zh", "en", "ru"}
    for lang, page in pages.items():
        dom = _chromium(chromium, tmp_path / "profile", "--dump-dom", page.as_uri()).stdout
        root = lxml.html.document_fromstring(dom)
        assert root.get("lang") == lang
        assert root.xpath("//h1")[0].text_content() == titles[lang]
        nav = root.xpath("//nav[@class='languages']")[0]
        assert [el.text_content() for el in nav.xpath("a[@hreflang]|strong")] == [
            "中文",
            "English",
            "Русский",
        ]
        current = nav.xpath("strong[@aria-current='page']")[0]
        assert current.get("lang") == lang
        for link in nav.xpath("a[@hreflang]"):
            assert (page.parent / link.get("href")).is_file()
        assert root.xpath("//div[@class='draft']")
        shot = tmp_path / f"{lang}.png"
        _chromium(chromium, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1000,1200",
                  page.as_uri())  # fmt: skip
        assert shot.read_bytes().startswith(b"\x89PNG")
    index = _chromium(
        chromium, tmp_path / "profile", "--dump-dom", (tmp_path / "site" / "index.html").as_uri()
    ).stdout
    links = lxml.html.document_fromstring(index).xpath(f"//li[@id='{SLUG}']//a/text()")
    assert links[0] == titles["zh"]
    assert links[1:] == ["中文", "English", "Русский"]
