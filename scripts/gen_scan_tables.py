#!/usr/bin/env python3
"""gen_scan_tables.py - writes the reference tables of the scan validators as C arrays of
integers: src/scan/regions.c (GB/T 2260 region codes, landline area codes) and
src/scan/names.c (surnames). The generated files are committed; rerun this script only to
update the data:

    scripts/gen_scan_tables.py AREACODES_DIR

AREACODES_DIR is a checkout of github.com/yescallop/areacodes (CC0): data/<year>.txt, one
"code name" line per county-level-or-above division in force on 31 December of that year,
1981-2024, compiled from the Ministry of Civil Affairs' yearly GB/T 2260 code lists.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "src", "scan")


def region_codes(areacodes_dir):
    codes = set()
    data = os.path.join(areacodes_dir, "data")
    for name in sorted(os.listdir(data)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(data, name), encoding="utf-8-sig") as f:
            for line in f:
                line = line.strip()
                if line:
                    code = line.split()[0]
                    assert re.fullmatch(r"[1-9]\d{5}", code), code
                    codes.add(int(code))
    # 市辖区 (xxxx01, the city districts as one unit) appeared in GB/T 2260 until 2018 and is
    # in many ID numbers (e.g. 440301 in Shenzhen); the MCA lists above leave it out.
    for c in list(codes):
        if c % 100 == 0 and c % 10000 != 0:
            codes.add(c + 1)
    # Residence permits of Hong Kong, Macau and Taiwan residents (2018) number their holders
    # under 810000, 820000 and 830000; 830000 is not a GB/T 2260 code.
    codes.update([810000, 820000, 830000])
    return codes


def emit_regions(codes, out):
    by_prefix = {}
    for c in sorted(codes):
        by_prefix.setdefault(c // 100, [0, 0])
        bit = c % 100
        by_prefix[c // 100][bit // 64] |= 1 << (bit % 64)
    out.append("/* GB/T 2260 region codes, as 4-digit prefixes (sorted) and, for each, a bit\n"
               " * set of the last two digits (bit i of lo for i < 64, of hi for 64..99). */")
    prefixes = sorted(by_prefix)
    out.append("const uint16_t scan_region_prefix[%d] = {" % len(prefixes))
    for i in range(0, len(prefixes), 12):
        out.append("    " + ", ".join(str(p) for p in prefixes[i:i + 12]) + ",")
    out.append("};")
    out.append("const uint64_t scan_region_bits[%d][2] = {" % len(prefixes))
    for p in prefixes:
        lo, hi = by_prefix[p]
        out.append("    {0x%016xu, 0x%09xu}, /* %d */" % (lo, hi, p))
    out.append("};")
    out.append("const size_t scan_region_prefix_count = %d;" % len(prefixes))


# Landline area codes, from libphonenumber's fixed-line pattern for CN (metadata as of
# python-phonenumbers commit c9249b87, 2025): 2-digit codes take 8-digit numbers;
# 3-digit codes take 8 digits (AC8) or 7 (AC7), a few either.
AC2 = r"10|2[0-57-9]"
AC8 = r"3(?:11|7[179])|4(?:[15]1|3[1-35])|5(?:1\d|2[37]|3[12]|51|7[13-79]|9[15])|7(?:31|5[457]|6[09]|91)|8(?:[57]1|98)"
AC7 = (r"3(?:1[02-9]|35|49|5\d|7[02-68]|9[1-68])|4(?:1[02-9]|2[179]|3[3-9]|5[2-9]|6[4789]|7\d|8[23])"
       r"|5(?:3[03-9]|4[36]|5[02-9]|6[1-46]|7[028]|80|9[2-46-9])|6(?:3[1-5]|6[0238]|9[12])"
       r"|7(?:01|[17]\d|2[248]|3[04-9]|4[3-6]|5[0-4689]|6[2368]|9[02-9])"
       r"|8(?:1[236-8]|2[5-7]|3\d|5[1-9]|7[02-9]|8[3678]|9[1-7])"
       r"|9(?:0[1-3689]|1[1-79]|[379]\d|4[13]|5[1-5])")


def bitmap(pattern, digits):
    words = [0] * 16
    for v in range(10 ** digits):
        if re.fullmatch(pattern, "%0*d" % (digits, v)):
            words[v // 64] |= 1 << (v % 64)
    return words


def emit_area_codes(out):
    out.append("\n/* Landline area codes without the leading 0 (libphonenumber's CN fixed-line\n"
               " * pattern): bit v set when v is a code; 2-digit codes take 8-digit numbers,\n"
               " * 3-digit ones 8 (ac8) or 7 (ac7). */")
    for name, pat, d in (("scan_ac2", AC2, 2), ("scan_ac8", AC8, 3), ("scan_ac7", AC7, 3)):
        w = bitmap(pat, d)
        n = 2 if d == 2 else 16
        out.append("const uint64_t %s[%d] = {" % (name, n))
        for i in range(0, n, 4):
            out.append("    " + ", ".join("0x%016xu" % x for x in w[i:min(i + 4, n)]) + ",")
        out.append("};")


# 百家姓 (Northern Song, public domain), simplified and traditional, in its order; then
# common modern surnames not in it (the Ministry of Public Security's 2020 ranking of the
# 100 most common includes 付 闫 覃 肖 and 兰).
BJX_S = ("赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章"
         "云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常"
         "乐于时傅皮卞齐康伍余元卜顾孟平黄和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞"
         "熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍"
         "虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁"
         "荀羊惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫"
         "宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙"
         "池乔阴胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍郤璩桑桂濮牛寿通边扈燕冀郏浦尚农"
         "温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东"
         "欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相查后荆红"
         "游竺权逯盖益桓公晋楚闫法汝鄢涂钦归海岳帅缑亢况郈有琴商牟佘佴伯赏墨哈谯笪年爱阳佟"
         "言福")
BJX_T = ("趙錢孫李周吳鄭王馮陳褚衛蔣沈韓楊朱秦尤許何呂施張孔曹嚴華金魏陶姜戚謝鄒喻柏水竇章"
         "雲蘇潘葛奚范彭郎魯韋昌馬苗鳳花方俞任袁柳酆鮑史唐費廉岑薛雷賀倪湯滕殷羅畢郝鄔安常"
         "樂於時傅皮卞齊康伍餘元卜顧孟平黃和穆蕭尹姚邵湛汪祁毛禹狄米貝明臧計伏成戴談宋茅龐"
         "熊紀舒屈項祝董梁杜阮藍閔席季麻強賈路婁危江童顏郭梅盛林刁鍾徐邱駱高夏蔡田樊胡凌霍"
         "虞萬支柯昝管盧莫經房裘繆干解應宗丁宣賁鄧郁單杭洪包諸左石崔吉鈕龔程嵇邢滑裴陸榮翁"
         "荀羊惠甄曲家封芮羿儲靳汲邴糜松井段富巫烏焦巴弓牧隗山谷車侯宓蓬全郗班仰秋仲伊宮"
         "寧仇欒暴甘鈄厲戎祖武符劉景詹束龍葉幸司韶郜黎薊薄印宿白懷蒲邰從鄂索咸籍賴卓藺屠蒙"
         "池喬陰胥能蒼雙聞莘黨翟譚貢勞逄姬申扶堵冉宰酈雍郤璩桑桂濮牛壽通邊扈燕冀郟浦尚農"
         "溫別莊晏柴瞿閻充慕連茹習宦艾魚容向古易慎戈廖庾終暨居衡步都耿滿弘匡國文寇廣祿闕東"
         "歐殳沃利蔚越夔隆師鞏厙聶晁勾敖融冷訾辛闞那簡饒空曾毋沙乜養鞠須豐巢關蒯相查後荊紅"
         "游竺權逯蓋益桓公晉楚閆法汝鄢涂欽歸海岳帥緱亢況郈有琴商牟佘佴伯賞墨哈譙笪年愛陽佟"
         "言福")
MODERN = "付肖覃兰冼邝区练占揭谌敬银粟麦凃丛邸修鲜郁喻阎" "覃蘭冼鄺區練佔揭諶敬銀粟麥凃叢邸修鮮"
COMPOUND = ("万俟 司马 上官 欧阳 夏侯 诸葛 闻人 东方 赫连 皇甫 尉迟 公羊 澹台 公冶 宗政 濮阳 淳于 "
            "单于 太叔 申屠 公孙 仲孙 轩辕 令狐 钟离 宇文 长孙 慕容 鲜于 闾丘 司徒 司空 亓官 司寇 "
            "子车 颛孙 端木 巫马 公西 漆雕 乐正 壤驷 公良 拓跋 夹谷 宰父 谷梁 段干 百里 东郭 南门 "
            "呼延 羊舌 微生 梁丘 左丘 东门 西门 南宫 第五 "
            "萬俟 司馬 歐陽 諸葛 聞人 東方 赫連 尉遲 澹臺 濮陽 單于 公孫 仲孫 軒轅 鍾離 長孫 鮮于 "
            "閭丘 子車 顓孫 巫馬 樂正 壤駟 穀梁 段幹 東郭 南門 東門 西門 南宮")


def emit_names(out):
    assert len(BJX_S) == len(BJX_T), (len(BJX_S), len(BJX_T))
    single = sorted({ord(c) for c in BJX_S + BJX_T + MODERN})
    assert all(0x3400 <= c <= 0x9FFF for c in single)
    compound = sorted({(ord(w[0]) << 16) | ord(w[1]) for w in COMPOUND.split()})
    out.append("/* Single-character surnames as code points, sorted. */")
    out.append("const uint16_t scan_surname1[%d] = {" % len(single))
    for i in range(0, len(single), 12):
        out.append("    " + ", ".join("0x%04x" % c for c in single[i:i + 12]) + ",")
    out.append("};")
    out.append("const size_t scan_surname1_count = %d;" % len(single))
    out.append("/* Compound surnames as (first code point << 16) | second, sorted. */")
    out.append("const uint32_t scan_surname2[%d] = {" % len(compound))
    for i in range(0, len(compound), 8):
        out.append("    " + ", ".join("0x%08xu" % c for c in compound[i:i + 8]) + ",")
    out.append("};")
    out.append("const size_t scan_surname2_count = %d;" % len(compound))


def write(path, head, body):
    """The tables keep their own layout: clang-format leaves them alone."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(head + "/* clang-format off */\n" + "\n".join(body) + "\n/* clang-format on */\n")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_scan_tables.py AREACODES_DIR")
    codes = region_codes(sys.argv[1])
    body = []
    emit_regions(codes, body)
    emit_area_codes(body)
    write(os.path.join(SRC, "regions.c"),
          "/* regions.c - generated by scripts/gen_scan_tables.py; do not edit. GB/T 2260 region\n"
          " * codes in force at any year end 1981-2024 (%d codes; yescallop/areacodes, CC0, from\n"
          " * the Ministry of Civil Affairs' lists, commit eed219a of 2025-11-04), with xxxx01\n"
          " * city districts and 830000; landline area codes from libphonenumber. */\n"
          "#include \"scan/tables.h\"\n\n" % len(codes), body)
    body = []
    emit_names(body)
    write(os.path.join(SRC, "names.c"),
          "/* names.c - generated by scripts/gen_scan_tables.py; do not edit. Chinese surnames:\n"
          " * the Hundred Family Surnames (百家姓) in simplified and traditional characters, and\n"
          " * common modern surnames it lacks. */\n"
          "#include \"scan/tables.h\"\n\n", body)


if __name__ == "__main__":
    main()
