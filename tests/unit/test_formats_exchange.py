"""The contract every exchange format (PO, XLIFF, TMX, TBX) keeps, one subclass per format."""

from __future__ import annotations

import re
from dataclasses import replace
from types import ModuleType
from typing import ClassVar

import pytest

from tmtool.formats import po, tbx, tmx, xliff
from tmtool.formats.base import FormatError
from tmtool.formats.exchange import ExchangeFile, ExchangeUnit, TMEntry, UnitState
from tmtool.formats.termbase import ConceptEntry, Termbase, TermEntry

TRICKY = [
    ("鹤城“清四乱”<工作> & 会议", 'Crane City\'s "Four Mess Removal" <work> & meeting'),
    ("第一行\n第二行\n\n第三行", "Первая строка\nвторая «строка»\n\nтретья"),
    ("反斜杠 \\ 与 \"引号\" 和 '单引号'", 'Обратная косая \\ и "кавычки" & <теги>'),
    ("  前后空格  ", "  spaces kept  "),
    ("制表符\t与 CRLF\r\n结束", "tab\tand CRLF\r\nend"),
]

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<xliff version="2.1" srcLang="zh"><file id="f1"><unit id="u"><segment>
<source>&lol3;</source></segment></unit></file></xliff>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header/><body><tu><tuv xml:lang="zh"><seg>&xxe;</seg></tuv></tu></body></tmx>
"""


def sample(target_lang: str = "en", count: int = 6) -> ExchangeFile:
    """A file with every state, notes, glossary hints and paragraphs."""
    states = list(UnitState)
    units = []
    for index in range(count):
        state = states[index % len(states)]
        source, target = TRICKY[index % len(TRICKY)]
        units.append(
            ExchangeUnit(
                key=f"survey/{index + 1}",
                source=source,
                target="" if state is UnitState.EMPTY else target,
                state=state,
                paragraph=index // 2 + 1,
                notes=("Reviewer: check the term.", "第二条备注") if index % 2 else (),
                terms=(("鹤城", "Crane City"), ("清四乱", "Four Mess Removal")) if index else (),
            )
        )
    return ExchangeFile(
        source_lang="zh",
        target_lang=target_lang,
        units=tuple(units),
        article="survey",
        title="齐齐哈尔问卷调查",
        tool="tmtool",
    )


class ExchangeContract:
    """Tests every exchange format passes; subclasses set FORMAT and the adapters."""

    FORMAT: ClassVar[ModuleType]
    NAME: ClassVar[str]

    def dump(self, f: ExchangeFile) -> bytes:
        return bytes(self.FORMAT.write(f))

    def load(self, data: bytes) -> ExchangeFile:
        result: ExchangeFile = self.FORMAT.read(data, name=self.NAME)
        return result

    def expected(self, f: ExchangeFile) -> ExchangeFile:
        """What reading back what was written gives: the same file by default."""
        return f

    def kept(self, text: str) -> str:
        """What of a text survives a round trip: all of it by default."""
        return text

    # --- round trips --------------------------------------------------------------------

    def test_round_trip_keeps_units_targets_and_states(self) -> None:
        f = sample()
        assert self.load(self.dump(f)) == self.expected(f)

    def test_round_trip_in_russian(self) -> None:
        f = sample("ru", count=12)
        assert self.load(self.dump(f)) == self.expected(f)

    def test_empty_file_round_trip(self) -> None:
        f = replace(sample(), units=())
        assert self.load(self.dump(f)) == self.expected(f)

    @pytest.mark.parametrize(("source", "target"), TRICKY)
    def test_tricky_text_survives(self, source: str, target: str) -> None:
        unit = ExchangeUnit("a/1", source, target, UnitState.TRANSLATED)
        f = replace(sample(), units=(unit,))
        back = self.load(self.dump(f)).units[0]
        assert (back.source, back.target) == (self.kept(source), self.kept(target))

    @pytest.mark.parametrize("state", list(UnitState))
    def test_every_state_survives(self, state: UnitState) -> None:
        target = "" if state is UnitState.EMPTY else "Crane City"
        f = replace(sample(), units=(ExchangeUnit("a/1", "鹤城", target, state),))
        assert self.load(self.dump(f)).units[0].state is state

    def test_output_is_deterministic(self) -> None:
        assert self.dump(sample()) == self.dump(sample())

    def test_validate_accepts_what_is_written(self) -> None:
        data = self.dump(sample("ru", count=12))
        assert self.FORMAT.validate(data, name=self.NAME) == []

    # --- bad input ----------------------------------------------------------------------

    @pytest.mark.parametrize(
        "data",
        [
            b"",
            b"   \n",
            b"Hello, this is a plain text file.\n",
            b'{"msgid": "json"}',
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            b"<html><body><p>not it</p></body></html>",
        ],
        ids=["empty", "blank", "text", "json", "binary", "html"],
    )
    def test_refuses_other_formats(self, data: bytes) -> None:
        self.assert_refused(data)

    def test_refuses_truncated_file(self) -> None:
        data = self.dump(sample(count=12))
        self.assert_refused(data[: len(data) * 2 // 3] + b'\n"<<<\n')

    @pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["laughs", "xxe"])
    def test_refuses_entity_attacks(self, data: bytes) -> None:
        message = self.assert_refused(data)
        assert "passwd" not in message and "lollol" not in message

    def assert_refused(self, data: bytes) -> str:
        with pytest.raises(FormatError) as caught:
            self.load(data)
        message = str(caught.value)
        assert message.startswith(self.NAME), message
        assert message.endswith(".") and "\n" not in message, message
        assert not re.search(r"\.\s+[A-Z]", message), f"not one sentence: {message}"
        return message


class TestPoContract(ExchangeContract):
    FORMAT = po
    NAME = "survey.ru.po"


class TestXliffContract(ExchangeContract):
    FORMAT = xliff
    NAME = "survey.ru.xlf"


class TestTmxContract(ExchangeContract):
    """TMX carries texts only: no keys, states, notes, terms or paragraphs."""

    FORMAT = tmx
    NAME = "memory.tmx"
    test_every_state_survives = None  # TMX has no translation states: not collected

    def dump(self, f: ExchangeFile) -> bytes:
        entries = [TMEntry({f.source_lang: u.source, f.target_lang: u.target}) for u in f.units]
        return tmx.write(entries, source_lang=f.source_lang)

    def load(self, data: bytes) -> ExchangeFile:
        entries = tmx.read(data, name=self.NAME)
        langs = [*dict.fromkeys(lang for e in entries for lang in e.variants), "zh", "en"]
        units = tuple(
            ExchangeUnit(
                "", e.variants.get(langs[0], ""), e.variants.get(langs[1], ""), UnitState.EMPTY
            )
            for e in entries
        )
        return ExchangeFile(langs[0], langs[1], units)

    def expected(self, f: ExchangeFile) -> ExchangeFile:
        units = tuple(ExchangeUnit("", u.source, u.target, UnitState.EMPTY) for u in f.units)
        langs = (f.source_lang, f.target_lang) if f.units else ("zh", "en")
        return ExchangeFile(*langs, units)


class TestTbxContract(ExchangeContract):
    """TBX carries terms: a unit is a concept with a source and a target term, no states.

    A term is one line: reading collapses runs of white space and trims the ends.
    """

    FORMAT = tbx
    NAME = "glossary.tbx"
    test_every_state_survives = None  # terms have a status, not a translation state

    def dump(self, f: ExchangeFile) -> bytes:
        concepts = tuple(
            ConceptEntry(
                key=f"c{index}",
                terms=(
                    TermEntry(f.source_lang, u.source),
                    *((TermEntry(f.target_lang, u.target),) if u.target else ()),
                ),
            )
            for index, u in enumerate(f.units, 1)
        )
        return tbx.write(Termbase(concepts, source_lang=f.source_lang))

    def load(self, data: bytes) -> ExchangeFile:
        termbase = tbx.read(data, name=self.NAME)
        langs = [*termbase.languages(), "zh", "en"]
        units = tuple(
            ExchangeUnit(
                "",
                next((t.text for t in c.terms if t.lang == langs[0]), ""),
                next((t.text for t in c.terms if t.lang == langs[1]), ""),
                UnitState.EMPTY,
            )
            for c in termbase.concepts
        )
        return ExchangeFile(langs[0], langs[1], units)

    def kept(self, text: str) -> str:
        return " ".join(text.split())

    def expected(self, f: ExchangeFile) -> ExchangeFile:
        units = tuple(
            ExchangeUnit("", self.kept(u.source), self.kept(u.target), UnitState.EMPTY)
            for u in f.units
        )
        langs = (f.source_lang, f.target_lang) if f.units else ("zh", "en")
        return ExchangeFile(*langs, units)
