#!/usr/bin/env python3
"""gen_classify_vocab.py - writes src/scan/classify_vocab.c, the word tables the column
classifier (src/scan/classify.c) adds to the scanner's vocabularies (src/scan/vocab.h): the
headers and values of quasi-identifiers that are no detector's entity (region, occupation,
education, marital status, nationality, employer, sex values), and common Latin given names
and surnames for name columns in English. Headers are normalised as vocab.c does (ASCII
lowercase; space, '_', '-', '.' dropped), values also lose '\\'' and '/'. Syntax of a word:
"~" first = weak evidence; "*" last = also counts inside a longer header."""
import os

# The order is that of enum cls_quasi in src/scan/classify_int.h (QI_NONE is 0).
KINDS = ["age", "sex", "birth_date", "postcode", "region", "occupation", "education",
         "marital_status", "nationality", "employer", "personal_date"]

HEADERS = {
    "region": "province* city* district* county* ~state region* ~town village* prefecture* "
    "hometown* nativeplace* birthplace* placeofbirth* municipality* 省 市 区 县 區 縣 省份* "
    "城市* 地区* 地區* 区域* 區域* 所在地* 籍贯* 籍貫* 户籍* 戶籍* 省市* 城区* 区县* 區縣* 乡镇* "
    "鄉鎮* 出生地* 居住地* 所在省* 所在市* 地市*",
    "occupation": "occupation* ~job jobtitle* profession* 职业* 職業* 职位* 職位* 岗位* 崗位* "
    "职务* 職務* 工种* 工種* ~工作",
    "education": "education* educationlevel* ~degree qualification* schooling* 学历* 學歷* "
    "文化程度* 教育程度* ~教育",
    "marital_status": "marital* maritalstatus* marriage* 婚姻* 婚否* 婚姻状况* 婚姻狀況*",
    "nationality": "nationality* citizenship* ~country* 国籍* 國籍* 国家 國家",
    "employer": "employer* workplace* workunit* workclass* 工作单位* 工作單位* 单位 單位 雇主* "
    "就职单位* 就職單位* 所在单位*",
    # dates of events of the person other than birth (HIPAA Safe Harbor 164.514(b)(2)(i)(C))
    "personal_date": "death* deceased* dateofdeath* deathdate* admission* admissiondate* "
    "discharge* dischargedate* 死亡* 死亡日期* 入院* 入院日期* 出院* 出院日期*",
}

# Header words of sensitive categories that src/scan/vocab_data.c lacks; kind = position in
# enum scan_category (src/scan/vocab.h).
CATEGORIES = ["health", "ethnicity", "religion", "biometric", "financial", "location",
              "sexual_orientation", "criminal", "minor", "political", "trade_union"]
CATEGORY_HEADERS = {
    "financial": "月薪* 年薪* 底薪* 时薪* 時薪* 月收入* 年收入* 家庭收入* 存款余额* 存款餘額* "
    "monthlyincome* annualincome*",
    "ethnicity": "hispanic* hispanicorigin* latino*",
    "health": "injury* injuries* injuryseverity*",
}

VALUES = {
    "sex": "男 女 男性 女性 男士 女士 m f male female man woman",
    "region": "北京 天津 上海 重庆 重慶 河北 山西 辽宁 遼寧 吉林 黑龙江 黑龍江 江苏 江蘇 浙江 安徽 "
    "福建 江西 山东 山東 河南 湖北 湖南 广东 廣東 海南 四川 贵州 貴州 云南 雲南 陕西 陝西 甘肃 "
    "甘肅 青海 台湾 臺灣 台灣 内蒙古 內蒙古 广西 廣西 西藏 宁夏 寧夏 新疆 香港 澳门 澳門 深圳 广州 "
    "廣州 杭州 南京 武汉 武漢 成都 西安 苏州 蘇州 青岛 青島 厦门 廈門 大连 大連 宁波 寧波 沈阳 "
    "瀋陽 长沙 長沙 郑州 鄭州 济南 濟南 哈尔滨 哈爾濱 昆明 合肥 福州 南昌 贵阳 貴陽 太原 石家庄 "
    "兰州 蘭州 南宁 南寧 海口 拉萨 拉薩 乌鲁木齐 烏魯木齊 呼和浩特 银川 銀川 西宁 西寧 长春 長春 "
    "东莞 東莞 佛山 无锡 無錫 "
    "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia "
    "hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland "
    "massachusetts michigan minnesota mississippi missouri montana nebraska nevada "
    "newhampshire newjersey newmexico newyork northcarolina northdakota ohio oklahoma oregon "
    "pennsylvania rhodeisland southcarolina southdakota tennessee texas utah vermont "
    "virginia washington westvirginia wisconsin wyoming districtofcolumbia "
    # USPS codes of the states and DC
    "al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj "
    "nm ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy dc",
    "occupation": "教师 教師 医生 醫生 护士 護士 工程师 工程師 程序员 程序員 会计 會計 律师 律師 "
    "司机 司機 厨师 廚師 农民 農民 工人 销售 銷售 经理 經理 公务员 公務員 退休 退休人员 自由职业 "
    "自由職業 个体户 個體戶 军人 軍人 警察 设计师 設計師 技术员 技術員 服务员 服務員 职员 職員 "
    "文员 文員 保安 快递员 快遞員 外卖员 外賣員 无业 無業 学生 學生 "
    "teacher doctor physician nurse engineer programmer developer accountant lawyer driver "
    "cook chef farmer worker sales salesperson manager clerk civilservant student retired "
    "selfemployed unemployed soldier policeofficer designer technician waiter cashier "
    "electrician plumber pharmacist architect scientist artist writer journalist mechanic "
    "secretary consultant analyst homemaker admclerical execmanagerial profspecialty "
    "craftrepair otherservice machineopinspct transportmoving handlerscleaners "
    "farmingfishing techsupport protectiveserv privhouseserv armedforces",
    "education": "小学 小學 初中 高中 中专 中專 职高 職高 大专 大專 专科 專科 本科 学士 學士 硕士 碩士 "
    "研究生 博士 博士后 博士後 文盲 "
    "primary primaryschool middleschool secondary highschool hsgrad somecollege college "
    "associate assocvoc assocacdm bachelor bachelors master masters doctorate phd mba "
    "profschool preschool 1st4th 5th6th 7th8th 9th 10th 11th 12th",
    "marital_status": "未婚 已婚 离异 離異 离婚 離婚 丧偶 喪偶 再婚 分居 single married divorced "
    "widowed separated nevermarried marriedcivspouse marriedspouseabsent marriedafspouse "
    "domesticpartner",
    "nationality": "中国 中國 美国 美國 日本 英国 英國 法国 法國 德国 德國 韩国 韓國 俄罗斯 俄羅斯 "
    "加拿大 澳大利亚 澳大利亞 印度 新加坡 马来西亚 馬來西亞 "
    "china usa unitedstates unitedkingdom uk japan germany france india canada mexico "
    "philippines italy spain brazil russia korea southkorea australia vietnam poland "
    "england ireland netherlands portugal cuba iran jamaica puertorico elsalvador "
    "guatemala columbia dominicanrepublic haiti taiwan hongkong singapore",
    "employer": "private selfempnotinc selfempinc federalgov localgov stategov withoutpay "
    "neverworked",
}

GIVEN = """james john robert michael william david richard joseph thomas charles christopher
daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george
timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry
justin scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis
jerry tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy
christian keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse jordan
bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy vincent
ralph eugene russell bobby mason philip louis mary patricia jennifer linda elizabeth barbara
susan jessica sarah karen lisa nancy betty margaret sandra ashley kimberly emily donna
michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen
amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra
rachel carolyn janet catherine maria heather diane ruth julie olivia joyce virginia victoria
kelly lauren christina joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria
teresa ann sara madison frances kathryn janice jean abigail alice judy sophia grace denise
amber doris marilyn danielle beverly isabella theresa diana natalie brittany charlotte marie
kayla alexis lori ann bob tom tim sam ben alex max lucy kate jane anne""".split()

SURNAMES = """smith johnson williams brown jones garcia miller davis rodriguez martinez
hernandez lopez gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson
white harris sanchez clark ramirez lewis robinson walker young allen king wright scott torres
nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter roberts gomez
phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook
rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward
richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez
castillo sanders patel myers long ross foster jimenez wang li zhang liu chen yang huang zhao wu
zhou xu sun ma zhu hu guo he lin luo gao zheng liang xie song tang han feng deng cao peng zeng
xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ding ren shen yao cai wen""".split()


def parse(words):
    out = []
    for w in words.split():
        weak = w.startswith("~")
        part = w.endswith("*")
        w = w.strip("~*")
        out.append((w, 1 if weak else 2, 1 if part else 0))
    return out


def c_string(s):
    b = s.encode()
    return '"' + "".join(chr(c) if 32 <= c < 127 and c not in (34, 92) else "\\%03o" % c
                         for c in b) + '"'


def table(name, rows):
    rows = sorted(set(rows), key=lambda r: r[0].encode())
    seen = {}
    for r in rows:
        assert r[0] not in seen, "%s: %s twice" % (name, r[0])
        seen[r[0]] = r
    lines = ["static const cls_word %s_words[%d] = {" % (name, len(rows))]
    for w, kind, strength, part in rows:
        lines.append("    {%s, %d, %d, %d, %d}, /* %s */" % (c_string(w), len(w.encode()), kind,
                                                          strength, part, w))
    lines.append("};")
    lines.append("const cls_vocab %s = {%s_words, %d};" % (name, name, len(rows)))
    return "\n".join(lines)


def main():
    headers, values, names = [], [], []
    for kind, words in HEADERS.items():
        for w, st, part in parse(words):
            headers.append((w, KINDS.index(kind) + 1, st, part))
    for kind, words in VALUES.items():
        for w, st, part in parse(words):
            values.append((w, KINDS.index(kind) + 1, st, part))
    cats = []
    for cat, words in CATEGORY_HEADERS.items():
        for w, st, part in parse(words):
            cats.append((w, CATEGORIES.index(cat) + 1, st, part))
    for w in GIVEN:
        names.append((w, 1, 2, 0))
    for w in SURNAMES:
        names.append((w, 2, 2, 0))
    # a word both given name and surname counts as both (3)
    merged = {}
    for w, k, st, part in names:
        merged[w] = (w, merged[w][1] | k if w in merged else k, st, part)
    out = ["/* classify_vocab.c - generated by scripts/gen_classify_vocab.py; do not edit. Word",
           " * tables of the column classifier, sorted by their bytes (memcmp, shorter first on",
           " * a tie); kind is an enum cls_quasi value, an enum scan_category value (category",
           " * headers), or for names 1 given, 2 surname, 3 both. */",
           '#include "scan/classify_int.h"', "",
           "/* clang-format off */",
           table("cls_quasi_headers", headers), "",
           table("cls_quasi_values", values), "",
           table("cls_category_headers", cats), "",
           table("cls_latin_names", list(merged.values())),
           "/* clang-format on */", ""]
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "src", "scan", "classify_vocab.c"), "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
