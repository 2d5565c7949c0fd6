"""The single-pass PO reader gives what polib gives, and hands over whatever it does not know."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tmtool.formats import po, pofast
from tmtool.formats.exchange import ExchangeFile, ExchangeUnit, UnitState

DATA = Path(__file__).parent.parent / "data" / "exchange"

_TEXT = st.text(
    alphabet=st.sampled_from(list('齐哈尔鹤城 "\\\t\n\rabc Цицикар«»#,.:')), min_size=1, max_size=30
)


def _polib_view(text: str) -> list[pofast.Message]:
    parsed = polib.pofile(text, wrapwidth=0)
    header = pofast.Message(msgid="", msgstr=(parsed.header and "") or "")
    del header
    return [po._message(e) for e in parsed if not e.obsolete]


def _fast_view(text: str) -> list[pofast.Message]:
    return [m for m in pofast.parse(text) if m.msgid]


def _same(fast: list[pofast.Message], slow: list[pofast.Message]) -> None:
    assert [(m.msgctxt, m.msgid, m.msgstr, m.flags) for m in fast] == [
        (m.msgctxt, m.msgid, m.msgstr, m.flags) for m in slow
    ]
    assert [[c for c in m.comment if c] for m in fast] == [
        [c for c in m.comment if c] for m in slow
    ]
    assert [[c for c in m.tcomment if c.strip()] for m in fast] == [
        [c for c in m.tcomment if c.strip()] for m in slow
    ]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(_TEXT, _TEXT, st.sampled_from(list(UnitState))),
        min_size=1,
        max_size=8,
    )
)
def test_what_tmtool_writes_reads_back_the_same_both_ways(
    rows: list[tuple[str, str, UnitState]],
) -> None:
    units = tuple(
        ExchangeUnit(
            key=f"a/{n}",
            source=source,
            target="" if state is UnitState.EMPTY else target.strip() or "x",
            state=state,
            paragraph=n // 3,
            notes=("a note",) if n % 2 else (),
            terms=(("鹤城", "Crane City"),),
        )
        for n, (source, target, state) in enumerate(rows)
    )
    units = tuple(u for u in units if u.target[:1] != "\n" and u.target[-1:] != "\n")
    units = tuple(u for u in units if u.source[:1] != "\n" and u.source[-1:] != "\n")
    if not units:
        return
    data = po.write(ExchangeFile("zh", "ru", units, article="a", tool="tmtool"))
    text = data.decode()
    _same(_fast_view(text), _polib_view(text))
    assert po.read(data, name="a.po").units == units


@pytest.mark.parametrize("name", ["poedit_ru.po"])
def test_other_tools_files_read_the_same_both_ways(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    _same(_fast_view(text), _polib_view(text))


@pytest.mark.parametrize(
    "text",
    [
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "один"\nmsgstr[1] "много"\n',
        'msgid "a"\nmsgstr "б"\n"\\a"\n',
        'msgid "a"\n#. a comment inside a message\nmsgstr "б"\n',
        'msgid "a"\nmsgstr "б\n',
        "#, fuzzy\n",
        'msgstr "б"\n',
    ],
)
def test_what_it_does_not_know_goes_to_polib(text: str) -> None:
    with pytest.raises(pofast.NeedsPolib):
        pofast.parse(text)


def test_obsolete_messages_and_continued_strings() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\n'
        '#: page.html:3\n#, fuzzy\nmsgid ""\n"齐齐哈尔"\n"市"\nmsgstr "Цицикар"\n\n'
        '#~ msgid "旧"\n#~ msgstr "старое"\n'
    )
    messages = pofast.parse(text)
    assert [(m.msgid, m.msgstr, m.flags) for m in messages] == [
        ("", "Language: ru\n", []),
        ("齐齐哈尔市", "Цицикар", ["fuzzy"]),
    ]
    _same(_fast_view(text), _polib_view(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("_x002F5/a齐Ц: -.")), min_size=1, max_size=16))
def test_xml_ids_come_back_as_they_were(key: str) -> None:
    from tmtool.formats.base import from_xml_id, to_xml_id

    assert from_xml_id(to_xml_id(key)) == key
