"""Numbers in Chinese text: Arabic digits with 万/亿, Chinese numerals, 第N, 百分之N, N成, N倍.

Chinese numerals are everywhere in ordinary words (一些, 一直, 十分, 两岸,
千方百计), so a run of Chinese numerals counts as a quantity only when its
context says so: a classifier after it (三个区, 二十余家), 第 before it, a
percent or times sign, or a numeral of two characters or more (二十三).
Arabic digits always count.
"""

from __future__ import annotations

import re
from decimal import Decimal

from tmtool.qa.quantity import Kind, Quantity, Strength, digits_value, link_ranges, mask

__all__ = ["ZH_DIGIT_CHARS", "parse_zh_numeral", "scan_zh"]


def _words(text: str) -> list[str]:
    """The words of a text, one list item each (keeps long word lists readable)."""
    return text.split()


ZH_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
    "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8,
    "玖": 9,
}  # fmt: skip
ZH_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
ZH_BIG = {"万": 10**4, "亿": 10**8}
ZH_DIGIT_CHARS = "".join(ZH_DIGITS)
_NUMERAL_CHARS = ZH_DIGIT_CHARS + "".join(ZH_UNITS) + "".join(ZH_BIG)

_Token = Decimal | str


def _combine(tokens: list[_Token], *, chinese_tail: bool) -> Decimal:
    """Combine numbers and unit characters: ``[3, "万", 5, "千"]`` is 35000."""
    big = Decimal(0)  # multiples of 亿 so far
    wan = Decimal(0)  # multiples of 万 within the current 亿 section
    section = Decimal(0)  # below 10,000
    number: Decimal | None = None
    last_unit = 0
    zero_seen = False
    for token in tokens:
        if isinstance(token, Decimal):
            if token == 0:
                zero_seen = True
            number = token if number is None or token == 0 else number * 10 + token
            continue
        if token in ZH_UNITS:
            section += (number if number is not None else Decimal(1)) * ZH_UNITS[token]
            last_unit, number, zero_seen = ZH_UNITS[token], None, False
        elif token == "万":
            part = section + (number or 0)
            wan += (part if part else Decimal(1)) * 10**4
            section, number, last_unit, zero_seen = Decimal(0), None, 10**4, False
        else:  # 亿
            part = wan + section + (number or 0)
            big = (big + (part if part else Decimal(1))) * 10**8
            wan, section, number, last_unit, zero_seen = (
                Decimal(0),
                Decimal(0),
                None,
                10**8,
                False,
            )
    if number is not None and chinese_tail and last_unit >= 100 and not zero_seen and number < 10:
        number *= Decimal(last_unit) / 10  # 三万五 is 35,000, 一百五 is 150
    return big + wan + section + (number or 0)


def parse_zh_numeral(text: str) -> Decimal | None:
    """Read a Chinese numeral: 十二, 一百零五, 两千, 三万五千, 三点五, 二〇二四.

    Args:
        text: Chinese numeral characters only (and 点 as a decimal point).

    Returns:
        The value, or ``None`` when the text is not a numeral.
    """
    if not text or any(ch not in _NUMERAL_CHARS and ch != "点" for ch in text):
        return None
    if "点" in text:
        whole, _, frac = text.partition("点")
        head = parse_zh_numeral(whole)
        if head is None or not frac or any(ch not in ZH_DIGITS for ch in frac):
            return None
        return head + Decimal("0." + "".join(str(ZH_DIGITS[ch]) for ch in frac))
    if all(ch in ZH_DIGITS for ch in text) and len(text) > 1:
        return Decimal("".join(str(ZH_DIGITS[ch]) for ch in text))
    tokens: list[_Token] = [Decimal(ZH_DIGITS[ch]) if ch in ZH_DIGITS else ch for ch in text]
    return _combine(tokens, chinese_tail=True)


# Fixed expressions whose numerals count nothing (or name a holiday, a plan, a place).
IDIOMS = _words(
    """
一些 一直 一定 一样 一起 一般 一切 一旦 一致 一体 一带一路 统一 唯一 进一步 万一 之一 一流 一线
十分 百姓 千万 万物 三农 两会 两岸 一下 一点 一边 一方面 一同 同一 逐一 一律 一再 一度 一时 一向
一经 一举 一系列 四处 万分 百货 千方百计 成千上万 千千万万 一五一十 三三两两 十全十美 万无一失
一心一意 四面八方 七上八下 乱七八糟 五花八门 千家万户 千辛万苦 万众一心 一干二净 三心二意
一举两得 独一无二 数以万计 数以千计 数以百计 三番五次 五湖四海 三天两头 九牛一毛 一石二鸟
两全其美 三令五申 五彩 一把手 一站式 十一黄金周 十一假期 十一长假 国庆十一 五一 六一 七一 八一
三八 双十一 五四 一国两制 两学一做 三严三实 四个全面 四个意识 四个自信 两个维护 两个确立
五位一体 三个代表 七台河 五大连池 五常 三亚 四川 九江 三明 六盘水 万达 三星 百度 千岛湖 九寨沟
万里 千里 百花 一汽 一重 一面坡 四季 一行 一带 一路 一番 一批批 一个个 一次次 一项项 一步步
一天天 一年年 一代代 一贯 一并 一概 一手 一味 一口气 一阵 一番 第一时间 一日游 千克 千米 千瓦
千伏 百米 百强 千亿级 万亿级 一把 一道 百分比 百分率 百分数 万人空巷 一望无际
九九重阳 重阳 一马当先 一如既往 一视同仁 不一 一连串 专一 一应 划一 十字
"""
)
_IDIOM_RE = re.compile("|".join(sorted(map(re.escape, set(IDIOMS)), key=len, reverse=True)))

CLASSIFIERS = _words(
    """
个 家 名 人 位 次 年 天 日 月 周 岁 项 条 座 所 台 辆 件 种 类 批 支 只 头 架 艘 场 届 期 季
小时 分钟 秒 公里 千米 千升 升 米 厘米 毫米 吨 公斤 千克 克 斤 亩 公顷 平方 立方
元 块 角 美元 欧元 卢布
层 区 县 市 省 镇 乡 村 处 份 本 部 篇 户 张 棵 株 轮 级 例 剂 针 组 队 套 段 片 封 起 把 根 颗
粒 度 遍 回 趟 声 句 字 款 栋 幢 间 床 代 方 国 大 节 门 码 倍 成 万 亿 千 百 余 多 来 号 党 桩
宗 笔 列 班 所 座 孔 盏 道 首 幅 只 匹 尾 枚 辆 部 集 章 页 行 排 圈 站 线 环 路 关 版 届 点 强
佳 星 甲 等
"""
)
_CLASSIFIER_RE = re.compile(
    "|".join(sorted(map(re.escape, set(CLASSIFIERS)), key=len, reverse=True))
)

_ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ZH = "[" + _NUMERAL_CHARS + "]"
_RUN = re.compile(
    rf"(?:{_ARABIC}|{_ZH})(?:{_ARABIC}|{_ZH}|点(?=[{ZH_DIGIT_CHARS}])|\s(?=[万亿千百](?![克米瓦伏升])))*"
)
_UNIT_AFTER_QIAN = re.compile(r"[克米瓦伏帕卡焦赫升]")
_PREFIX_APPROX = re.compile(
    r"(?:约为|大约|约|将近|接近|近|超过|超|逾|多达|不到|不足|达|近乎|上下)\s?$"
)
_PREFIX_VAGUE = re.compile(r"(?:数|几|好几|上|(?<![建完达形变构组造])成|近)$")
_SUFFIX = re.compile(
    r"\s?(?P<pct>%|‰|个百分点|百分点)|\s?(?P<times>倍)|(?P<cheng>成)(?![为立功本果员绩熟长交就效都品型年人片网规群分])"
    r"|(?P<latin>s\b|[A-Za-z])"
    r"|\s?(?P<approx>余|多|几|来)?(?:(?<=[余多几来])(?P<mag>[万亿]+))?\s?(?P<cls>"
    + _CLASSIFIER_RE.pattern
    + r")?"
)
_TIME_SUFFIX = re.compile(
    r"\s?(?:点|时)(?!钟头)(?:(?P<half>半)|(?P<min>\d{1,2}|[" + _NUMERAL_CHARS + r"]{1,3})分)?"
)
_TIME_PREFIX = re.compile(r"(?:上午|下午|早上|晚上|凌晨|中午|傍晚|夜里|早晨|清晨|晚|早)\s?$")
_PERCENT_OF = re.compile(rf"百分之?([{_NUMERAL_CHARS}点]+|{_ARABIC})")
_FRACTION = re.compile(rf"([{_NUMERAL_CHARS}]+|\d+)分之([{_NUMERAL_CHARS}]+|\d+)")
_FIVE_YEAR_PLAN = re.compile(r"十[一二三四五六七八九]五")
_DECADE = re.compile(
    rf"(?:(\d{{2}}|[{_NUMERAL_CHARS}]{{2,3}})\s?世纪\s?)?(\d0|[二三四五六七八九]十)\s?年代"
)
_CENTURY = re.compile(rf"(\d{{1,2}}|[{_NUMERAL_CHARS}]{{1,3}})\s?世纪")
_RANGE_GAP = re.compile(r"\s?(?:[-–—~至到]|－|～|—)\s?")


def _arabic_tokens(run: str) -> list[_Token] | None:
    """Split a mixed run into numbers and unit characters, or ``None`` if unreadable."""
    tokens: list[_Token] = []
    for m in re.finditer(rf"{_ARABIC}|{_ZH}|点|\s", run):
        piece = m.group()
        if piece.isspace():
            continue
        if piece[0].isdigit():
            tokens.append(digits_value(piece)[0])
        elif piece in ZH_DIGITS:
            tokens.append(Decimal(ZH_DIGITS[piece]))
        elif piece == "点":
            return None
        else:
            tokens.append(piece)
    return tokens


def _read_run(run: str) -> tuple[Decimal, Decimal, Decimal | None, bool] | None:
    """Value, scale, precision and whether written in Arabic digits, for one run."""
    arabic = any(ch.isdigit() for ch in run)
    if not arabic:
        value = parse_zh_numeral(run)
        if value is None:
            return None
        scale = Decimal(1)
        for ch in reversed(run):
            if ch in ZH_BIG:
                scale *= ZH_BIG[ch]
            else:
                break
        return value, scale, (scale if scale != 1 else None), False
    head = re.match(_ARABIC, run)
    assert head is not None
    rest = run[head.end() :].replace(" ", "")
    raw, unit, decimals = digits_value(head.group())
    if rest and all(ch in ZH_BIG or ch in ZH_UNITS for ch in rest):
        scale = Decimal(1)
        for ch in rest:
            scale *= ZH_BIG.get(ch, ZH_UNITS.get(ch, 1))
        return raw * scale, scale, unit * scale, True
    tokens = _arabic_tokens(run)
    if tokens is None:
        return None
    value = _combine(tokens, chinese_tail=False)
    return value, Decimal(1), (unit if decimals else None), True


def _mask_idioms(text: str) -> str:
    return mask(text, (m.span() for m in _IDIOM_RE.finditer(text)))


def _special(text: str, found: list[Quantity]) -> str:
    """Read 百分之N, fractions and 十四五 first; return the text with them masked."""
    spans = []
    for m in _PERCENT_OF.finditer(text):
        body = m.group(1)
        if body[0].isdigit():
            value: Decimal | None = digits_value(body)[0]
        else:
            value = parse_zh_numeral(body)
        if value is not None and ("之" in m.group() or body == "百"):
            # 百分之百 / 百分百 is as often "fully" as "100%": only a weak value
            strength = Strength.WEAK if body == "百" else Strength.STRONG
            found.append(Quantity(value, Kind.PERCENT, m.start(), m.end(), m.group(), strength))
            spans.append(m.span())
    text = mask(text, spans)
    for m in _FRACTION.finditer(text):
        spans.append(m.span())
        found.append(
            Quantity(Decimal(0), Kind.NUMBER, m.start(), m.end(), m.group(), Strength.IGNORED)
        )
    for m in _DECADE.finditer(text):
        decade = m.group(2)
        value = Decimal(decade) if decade.isdigit() else parse_zh_numeral(decade)
        if value is not None:
            found.append(
                Quantity(value, Kind.DECADE, m.start(), m.end(), m.group(), Strength.STRONG)
            )
            spans.append(m.span())
    text = mask(text, spans)
    for m in _CENTURY.finditer(text):
        century = m.group(1)
        value = Decimal(century) if century.isdigit() else parse_zh_numeral(century)
        if value is not None:
            found.append(
                Quantity(value, Kind.ORDINAL, m.start(), m.end(), m.group(), Strength.WEAK)
            )
            spans.append(m.span())
    for m in _FIVE_YEAR_PLAN.finditer(text):
        value = parse_zh_numeral(m.group()[:2])
        assert value is not None
        found.append(Quantity(value, Kind.ORDINAL, m.start(), m.end(), m.group(), Strength.WEAK))
        spans.append(m.span())
    return mask(text, spans)


def scan_zh(text: str) -> list[Quantity]:
    """Find the quantities of a normalised, pre-masked Chinese text.

    Args:
        text: Chinese text after :func:`~tmtool.qa.quantity.normalize`, with
            dates, identifiers and addresses masked.

    Returns:
        The quantities in text order.
    """
    found: list[Quantity] = []
    work = _special(_mask_idioms(text), found)
    covered = 0
    for m in _RUN.finditer(work):
        run = m.group().rstrip()
        start, end = m.start(), m.start() + len(run)
        if start < covered:
            continue
        if run.endswith("千") and len(run) > 1 and _UNIT_AFTER_QIAN.match(work, end):
            run, end = run[:-1], end - 1
        quantity = _interpret(work, text, run, start, end)
        if quantity is not None:
            found.append(quantity)
            covered = quantity.end
    found.sort(key=lambda q: q.start)
    return link_ranges(found, text, _RANGE_GAP)


def _interpret(work: str, text: str, run: str, start: int, end: int) -> Quantity | None:
    """Decide whether a run of numerals is a quantity, and of what kind."""
    read = _read_run(run)
    if read is None:
        return None
    value, scale, precision, arabic = read
    before = work[max(0, start - 4) : start]
    ordinal = before.endswith("第") or before.rstrip().endswith("第")
    approx_m = _PREFIX_APPROX.search(before)
    approx = approx_m.group().strip() if approx_m else ""
    digit_only = all(ch in ZH_DIGITS for ch in run)
    if not arabic:
        if _PREFIX_VAGUE.search(before) and run[0] in "十百千万亿" and not approx:
            return None
        if digit_only and len(run) == 2 and "〇" not in run and "零" not in run:
            return None  # 三四个: three or four
        if work.startswith("几", end) and run == "十":
            approx = approx or "几"
    time = _time(work, start, end, value)
    if time is not None:
        return time
    suffix = _SUFFIX.match(work, end)
    assert suffix is not None
    kind = Kind.ORDINAL if ordinal else Kind.NUMBER
    qend = end
    decade_of: tuple[Decimal, ...] = ()
    if suffix.group("latin"):
        if suffix.group("latin") == "s" and arabic and value % 10 == 0 and value >= 10:
            decade_of = (value,) if len(run) == 4 else ()
            kind, qend, value = Kind.DECADE, suffix.end("latin"), value % 100
    elif suffix.group("pct"):
        kind, qend = Kind.PERCENT, suffix.end("pct")
    elif suffix.group("times"):
        kind, qend = Kind.TIMES, suffix.end("times")
    elif suffix.group("cheng") and (arabic or len(run) == 1) and value <= 10:
        kind, qend, value = Kind.PERCENT, suffix.end("cheng"), value * 10
        precision = Decimal(10) if precision is None else precision * 10
    if suffix.group("approx"):
        approx = approx or suffix.group("approx")
        qend = max(qend, suffix.end("approx"))
    if suffix.group("mag"):
        factor = Decimal(1)
        for ch in suffix.group("mag"):
            factor *= ZH_BIG[ch]
        value, scale, qend = value * factor, scale * factor, suffix.end("mag")
        precision = (precision or Decimal(1)) * factor
    classified = bool(suffix.group("cls") or suffix.group("approx")) or kind is not Kind.NUMBER
    if arabic:
        strength = Strength.WEAK if value == 1 and scale == 1 else Strength.STRONG
        if start >= 2 and work[start - 1] in "-‐" and work[start - 2].isalpha():
            strength = Strength.IGNORED  # 冠状病毒疾病-19: part of a name
    else:
        counted = classified or ordinal or approx or (value >= 11 and len(run) > 1)
        if not counted and not (digit_only and len(run) > 2):
            return None
        if run in ZH_BIG and suffix.group("cls") and not (approx or before.endswith("每")):
            # 万亩基地, 万头猪场, 亿元以上项目: one 万 of a measure ("10,000-mu", "10 тыс. голов");
            # weak, since the translator may as well say "large" or drop it.
            return Quantity(value, kind, start, end, text[start:end], Strength.WEAK, scale=scale)
        if (run in ZH_BIG or run in ZH_UNITS) and not (approx or ordinal or before.endswith("每")):
            return None  # 百 or 万 alone: 百姓, 万物 …; but 每百户 is per 100 households
        if value <= 1 and scale == 1 and kind is not Kind.PERCENT:
            strength = Strength.IGNORED
        elif (value >= 11 or scale > 1) and suffix.group("cls") != "大":
            strength = Strength.STRONG
        else:
            strength = Strength.WEAK
    if ordinal:
        start = work.rindex("第", 0, start)
    if kind is Kind.DECADE:
        return Quantity(
            value, kind, start, qend, text[start:qend], Strength.STRONG, alternatives=decade_of
        )
    yearish = (
        arabic
        and kind is Kind.NUMBER
        and re.fullmatch(r"(?:1[89]\d\d|20\d\d|2100)", run) is not None
        and not suffix.group("cls")
    )
    return Quantity(
        value,
        kind,
        start,
        qend,
        text[start:qend],
        strength,
        scale=scale,
        precision=precision,
        approx=approx,
        yearish=yearish,
    )


def _time(work: str, start: int, end: int, value: Decimal) -> Quantity | None:
    """Read 8点, 下午3点半, 8时30分 as a time of day (minutes after midnight, modulo 12 h)."""
    m = _TIME_SUFFIX.match(work, end)
    if m is None or value != value.to_integral_value() or not 0 <= value <= 24:
        return None
    has_minutes = bool(m.group("half") or m.group("min"))
    prefixed = _TIME_PREFIX.search(work, max(0, start - 4), start) is not None
    clock = work.startswith("钟", m.end())
    if not (has_minutes or prefixed or clock or "时" in work[end : m.end()]):
        return None
    minutes = 0
    if m.group("half"):
        minutes = 30
    elif m.group("min"):
        raw = m.group("min")
        parsed = Decimal(raw) if raw.isdigit() else parse_zh_numeral(raw)
        if parsed is None:
            return None
        minutes = int(parsed)
    stop = m.end() + (1 if clock else 0)
    total = (int(value) % 12) * 60 + minutes
    return Quantity(Decimal(total), Kind.TIME, start, stop, work[start:stop], Strength.WEAK)
