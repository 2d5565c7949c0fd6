"""A synthetic Chinese news translation memory: recombined phrases, names, numbers, dates."""

from __future__ import annotations

import random

PLACES = [
    "齐齐哈尔市",
    "龙沙区",
    "建华区",
    "铁锋区",
    "昂昂溪区",
    "富拉尔基区",
    "碾子山区",
    "梅里斯达斡尔族区",
    "讷河市",
    "龙江县",
    "依安县",
    "泰来县",
    "甘南县",
    "富裕县",
    "克山县",
    "克东县",
    "拜泉县",
    "扎龙保护区",
    "嫩江",
    "鹤城",
    "黑龙江省",
    "哈尔滨市",
    "大庆市",
    "北京",
    "俄罗斯",
    "乌兰乌德",
    "蒙古国",
]
PEOPLE = [
    "孙珅",
    "沈宏宇",
    "李玉刚",
    "王刚",
    "张晓东",
    "刘洪波",
    "赵明远",
    "陈立新",
    "杨振华",
    "周海涛",
    "吴建国",
    "郑国强",
    "冯志军",
    "褚立平",
    "卫东升",
    "蒋文博",
    "韩雪梅",
    "朱永康",
    "秦海燕",
    "许建军",
]
TITLES = [
    "市委书记",
    "市长",
    "市委副书记",
    "常务副市长",
    "副市长",
    "市人大常委会主任",
    "市政协主席",
    "市委常委、秘书长",
    "市委常委、宣传部部长",
    "区委书记",
    "县长",
    "局长",
]
BODIES = [
    "市委常委会",
    "市政府常务会议",
    "全市经济工作会议",
    "全市安全生产工作会议",
    "市人大常委会第十二次会议",
    "市政协十五届三次会议",
    "全市优化营商环境大会",
    "全市乡村振兴推进会",
    "全市重点项目建设推进会",
    "中俄地方合作交流会",
    "丹顶鹤文化旅游节",
    "全市招商引资工作会议",
    "全市生态环境保护大会",
]
ACTIONS = [
    "主持召开",
    "出席",
    "参加",
    "调研",
    "检查",
    "部署",
    "听取汇报",
    "强调",
    "指出",
    "要求",
]
TOPICS = [
    "重点项目建设",
    "优化营商环境",
    "乡村振兴",
    "生态环境保护",
    "安全生产",
    "疫情防控",
    "招商引资",
    "冬季供暖",
    "秋粮收储",
    "河湖“清四乱”",
    "黑土地保护",
    "数字经济发展",
    "对俄经贸合作",
    "城市更新",
    "老旧小区改造",
    "民生实事",
    "文化旅游",
    "冰雪经济",
    "农业现代化",
    "绿色食品产业",
]
CLAUSES = [
    "要深入学习贯彻党的二十大精神",
    "要坚持稳中求进工作总基调",
    "切实增强责任感和紧迫感",
    "确保各项任务落到实处",
    "推动全市经济社会高质量发展",
    "以更加务实的作风抓好落实",
    "全力以赴抓项目、促投资、稳增长",
    "为建设现代化新鹤城贡献力量",
    "不断提升群众获得感幸福感安全感",
    "要压实各级责任",
    "坚决守住安全底线",
    "加快推进项目建设进度",
    "进一步优化服务流程",
    "持续改善生态环境质量",
    "推动产业转型升级",
    "加强统筹协调",
    "形成工作合力",
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清"
    "飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善"
    "厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家"
    "致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春"
)
INDUSTRIES = [
    "装备制造",
    "绿色食品",
    "生物医药",
    "新能源",
    "新材料",
    "数字经济",
    "现代物流",
    "文化旅游",
    "冰雪运动",
    "农产品加工",
    "高端装备",
    "光伏发电",
    "风力发电",
    "乳制品",
    "大豆深加工",
    "玉米精深加工",
]
THINGS = [
    "产业园",
    "示范区",
    "物流中心",
    "科技园",
    "孵化基地",
    "产业链",
    "综合体",
    "交易中心",
    "博览会",
    "合作社",
    "加工厂",
    "服务中心",
    "研发中心",
    "实训基地",
]
VERB_OBJECT = [
    ("加快", "项目建设"),
    ("推进", "改革攻坚"),
    ("优化", "营商环境"),
    ("提升", "服务效能"),
    ("强化", "要素保障"),
    ("深化", "对外开放"),
    ("落实", "惠企政策"),
    ("保障", "改善民生"),
    ("防范化解", "重大风险"),
    ("巩固拓展", "脱贫攻坚成果"),
    ("做好", "冬季供暖"),
    ("抓好", "秋收秋储"),
    ("加强", "基层治理"),
    ("完善", "基础设施"),
    ("培育", "新兴产业"),
    ("壮大", "县域经济"),
    ("扩大", "有效投资"),
    ("促进", "消费升级"),
    ("稳定", "就业岗位"),
    ("保护", "黑土地"),
]
UNITS = ["亿元", "万元", "万吨", "万亩", "公里", "个", "家", "人次", "万平方米", "%"]
VERBS = [
    "完成投资",
    "实现产值",
    "新增就业",
    "接待游客",
    "签约项目",
    "开工建设",
    "增长",
    "粮食产量达",
]


def number(rng: random.Random) -> str:
    """A number as news writes it: integers, decimals, Chinese multipliers."""
    kind = rng.random()
    if kind < 0.5:
        return str(rng.randint(2, 980))
    if kind < 0.8:
        return f"{rng.randint(1, 99)}.{rng.randint(1, 9)}"
    return rng.choice(["三", "五", "十", "二十", "一百", "两千"])


def date(rng: random.Random) -> str:
    """A date like 11月29日."""
    return f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日"


def person(rng: random.Random) -> str:
    """A Chinese name: a surname and one or two given-name characters."""
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def project(rng: random.Random) -> str:
    """A project or enterprise name."""
    return f"{rng.choice(PLACES)}{rng.choice(INDUSTRIES)}{rng.choice(THINGS)}"


def task(rng: random.Random) -> str:
    """A verb-object work formula, e.g. 加快项目建设."""
    verb, thing = rng.choice(VERB_OBJECT)
    return verb + (rng.choice(INDUSTRIES) if rng.random() < 0.3 else "") + thing


def sentence(rng: random.Random) -> str:
    """One recombined news sentence."""
    famous = rng.random() < 0.5
    who = f"{rng.choice(TITLES)}{rng.choice(PEOPLE) if famous else person(rng)}"
    pattern = rng.randrange(9)
    if pattern >= 6:
        if pattern == 6:
            text = f"{project(rng)}总投资{number(rng)}亿元，{task(rng)}，预计{date(rng)}竣工投产"
        elif pattern == 7:
            text = f"{who}在{project(rng)}调研时指出，要{task(rng)}，{task(rng)}"
        else:
            text = f"{date(rng)}，{project(rng)}签约仪式举行，{person(rng)}、{person(rng)}出席"
        return text + "。"
    if pattern == 0:
        body = rng.choice(BODIES)
        text = f"{date(rng)}，{who}{rng.choice(ACTIONS)}{body}，研究部署{rng.choice(TOPICS)}工作"
    elif pattern == 1:
        amount = f"{number(rng)}{rng.choice(UNITS)}"
        text = f"{rng.choice(PLACES)}{rng.choice(VERBS)}{amount}，同比增长{number(rng)}%"
    elif pattern == 2:
        text = f"{who}强调，{rng.choice(CLAUSES)}，{rng.choice(CLAUSES)}"
    elif pattern == 3:
        text = f"{who}深入{rng.choice(PLACES)}调研{rng.choice(TOPICS)}工作"
    elif pattern == 4:
        text = (
            f"今年以来，{rng.choice(PLACES)}围绕{rng.choice(TOPICS)}，{rng.choice(CLAUSES)}，"
            f"共{rng.choice(VERBS)}{number(rng)}{rng.choice(UNITS)}"
        )
    else:
        text = f"{rng.choice(BODIES)}在{rng.choice(PLACES)}召开，{rng.choice(PEOPLE)}出席并讲话"
    if rng.random() < 0.3:
        text += f"，{rng.choice(CLAUSES)}"
    return text + "。"


def target(source_index: int) -> str:
    """A stand-in English target (its content does not matter for lookups)."""
    return f"English translation of sentence {source_index}."


def corpus(size: int, seed: int = 7) -> list[str]:
    """`size` distinct source sentences."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < size:
        text = sentence(rng)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def queries(tm: list[str], count: int, seed: int = 11) -> list[str]:
    """Lookups as a translator makes them: edited TM sentences and fresh ones, half each.

    The queries come from another random stream than the memory, so fresh ones are new
    sentences built from the same phrases (like next week's news).
    """
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(count):
        if rng.random() < 0.5:
            out.append(sentence(rng))
            continue
        text = rng.choice(tm)
        edit = rng.randrange(3)
        if edit == 0:
            for person in PEOPLE:
                if person in text:
                    text = text.replace(person, rng.choice(PEOPLE), 1)
                    break
        elif edit == 1:
            text = text[:-1] + f"，{rng.choice(CLAUSES)}。"
        else:
            cut = rng.randrange(1, max(2, len(text) // 3))
            text = text[cut:]
        out.append(text)
    return out
