#!/usr/bin/env python3
"""scan_gen.py - a labelled synthetic corpus for `outis scan`'s text engine.

    bench/scan_gen.py OUT.txt OUT.labels SIZE_BYTES [--seed N] [--every BYTES]

Mixed Chinese/English filler (sentences, prices, years, counts, times, order numbers) with
identifiers planted about every --every bytes (default 2048): valid ones of every detector,
each after a context keyword when its detector needs one (sometimes after one anyway), and
near misses that no detector may report (check characters off by one, 11-digit numbers
starting 12, QQ-like numbers with no context, octets above 255, Luhn failures...).

The labels file has one line per planted item: entity, byte offset, byte length, and
"valid" or "miss". The generator is deterministic for a seed. Every valid value is built by
the rules of its standard (GB 11643, GB 32100, ISO 7064, ISO/IEC 7812, ICAO 9303...),
written again here from REFERENCES.md section 7 rather than taken from the C validators.
"""
import argparse
import random

# ---- check characters, from the standards ----

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
USCC_ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
# County-level codes of GB/T 2260 (Beijing Dongcheng, Chaoyang; Shanghai Pudong; Guangzhou
# Tianhe; Shenzhen Futian; Hangzhou Xihu; Chengdu Wuhou; Nanchang; Gansu Lanzhou Chengguan).
REGIONS = ["110101", "110105", "310115", "440106", "440304", "330106", "510107", "360102",
           "620102", "420106"]
# Area codes whose local numbers have 8 digits.
AREA8 = ["010", "021", "022", "023", "020", "0755", "0571", "025", "027", "028"]
MOBILE_PREFIX = ["130", "131", "135", "138", "139", "150", "158", "166", "177", "186", "188",
                 "199"]
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国峰志文斌宇浩凯鹏辉"
CITIES = ["北京市朝阳区", "上海市浦东新区", "广州市天河区", "深圳市南山区", "杭州市西湖区",
          "成都市武侯区", "南京市鼓楼区", "武汉市洪山区"]
ROADS = ["建国路", "中山路", "人民路", "解放路", "科技园路", "文三路", "长江路", "和平街"]


def id_check(d17):
    return "10X98765432"[sum(int(c) * w for c, w in zip(d17, ID_WEIGHTS)) % 11]


def luhn_digit(body):
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def mod97_check(country, bban):
    s = bban + country + "00"
    n = int("".join(str(int(c, 36)) for c in s))
    return "%02d" % (98 - n % 97)


def mrz_digit(s):
    w = [7, 3, 1]
    v = lambda c: int(c) if c.isdigit() else (0 if c == "<" else ord(c) - 55)
    return str(sum(w[i % 3] * v(c) for i, c in enumerate(s)) % 10)


def digits(r, n, first="0123456789"):
    return r.choice(first) + "".join(r.choice("0123456789") for _ in range(n - 1))


def birth(r):
    return "%04d%02d%02d" % (r.randint(1950, 2010), r.randint(1, 12), r.randint(1, 28))


# ---- valid values: (entity, value, context or None) ----

def resident_id(r):
    d17 = r.choice(REGIONS) + birth(r) + digits(r, 3)
    return d17 + id_check(d17)


def uscc(r):
    # 91 (enterprise) + region + organisation code (GB 11714 check) + GB 32100 check
    org8 = digits(r, 8)
    w = [3, 7, 9, 10, 5, 8, 4, 2]
    c = 11 - sum(int(x) * y for x, y in zip(org8, w)) % 11
    org = org8 + ("X" if c == 10 else "0" if c == 11 else str(c))
    body = "91" + r.choice(REGIONS) + org
    s = sum(USCC_ALPHA.index(ch) * w for ch, w in zip(body, USCC_WEIGHTS))
    return body + USCC_ALPHA[(31 - s % 31) % 31]


def hk_id(r):
    letter = r.choice("ABCDEGHKMPRVYZ")
    d6 = digits(r, 6)
    s = 36 * 9 + (ord(letter) - 55) * 8 + sum((7 - i) * int(c) for i, c in enumerate(d6))
    v = (11 - s % 11) % 11
    return "%s%s(%s)" % (letter, d6, "A" if v == 10 else str(v))


def tw_id(r):
    values = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36)))
    letter = r.choice("ABCDEFGHJKLMNPQ")
    body = r.choice("12") + digits(r, 7)
    v = values[letter]
    s = v // 10 + (v % 10) * 9 + sum((8 - i) * int(c) for i, c in enumerate(body))
    return letter + body + str((10 - s % 10) % 10)


def card(r):
    kind = r.randrange(3)
    if kind == 0:
        body = "4" + digits(r, 14)
    elif kind == 1:
        body = r.choice(["51", "52", "53", "54", "55"]) + digits(r, 13)
    else:
        body = "62" + digits(r, 14 + r.randrange(3))
    num = body + luhn_digit(body)
    if len(num) == 16 and r.random() < 0.3:
        num = " ".join(num[i:i + 4] for i in range(0, 16, 4))
    return num


def iban(r):
    if r.random() < 0.5:
        country, bban = "GB", "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4)) + digits(r, 14)
    else:
        country, bban = "DE", digits(r, 18)
    s = country + mod97_check(country, bban) + bban
    if r.random() < 0.5:
        s = " ".join(s[i:i + 4] for i in range(0, len(s), 4))
    return s


def mrz(r):
    doc = "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(9))
    dob = "%02d%02d%02d" % (r.randint(50, 99), r.randint(1, 12), r.randint(1, 28))
    exp = "%02d%02d%02d" % (r.randint(25, 35), r.randint(1, 12), r.randint(1, 28))
    personal = "<" * 14
    line = doc + mrz_digit(doc) + r.choice(["CHN", "GBR", "USA", "UTO"]) + dob + mrz_digit(dob)
    line += r.choice("MF") + exp + mrz_digit(exp) + personal + "<"
    composite = line[0:10] + line[13:20] + line[21:43]
    return line + mrz_digit(composite)


def valid_item(r):
    k = r.randrange(27)
    if k == 0:
        return "cn_resident_id", resident_id(r), None
    if k == 1:
        return "cn_uscc", uscc(r), "统一社会信用代码：" if r.random() < 0.5 else None
    if k == 2:
        return "cn_mobile", r.choice(MOBILE_PREFIX) + digits(r, 8), None
    if k == 3:
        return "cn_landline", r.choice(AREA8) + "-" + digits(r, 8, "2345678"), None
    if k == 4:
        return "cn_passport", r.choice(["E", "G"]) + digits(r, 8), "护照号码："
    if k == 5:
        return "cn_travel_permit", r.choice("HM") + digits(r, 8), None
    if k == 6:
        return "hk_id", hk_id(r), None
    if k == 7:
        return "tw_id", tw_id(r), None
    if k == 8:
        return "payment_card", card(r), None
    if k == 9:
        serial = "".join(r.choice("0123456789") for _ in range(4)) + r.choice(PLATE_LETTERS)
        return "cn_plate", r.choice(PROVINCES) + r.choice(PLATE_LETTERS) + serial, None
    if k == 10:
        addr = r.choice(CITIES) + r.choice(ROADS) + "%d号" % r.randint(1, 999)
        return "cn_address", addr, "地址："
    if k == 11:
        name = r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.randint(1, 2)))
        return "cn_name", name, r.choice(["姓名：", "联系人", "患者："])
    if k == 12:
        return "qq", digits(r, r.randint(6, 10), "123456789"), r.choice(["QQ：", "QQ号 ", "qq: "])
    if k == 13:
        wx = r.choice("abcdefghijklmnopqrstuvwxyz") + "".join(
            r.choice("abcdefghijklmnopqrstuvwxyz0123456789_") for _ in range(r.randint(5, 12)))
        return "wechat", wx, r.choice(["微信：", "微信号 ", "WeChat: "])
    if k == 14:
        return "cn_postcode", r.choice(["100", "200", "510", "310", "610"]) + digits(r, 3), "邮编："
    if k == 15:
        user = r.choice(["john.doe", "li.wei", "zhangsan88", "a.b-c", "mary_k"])
        return "email", "%s%d@%s" % (user, r.randint(1, 999), r.choice(
            ["example.com", "mail.example.cn", "163.com", "qq.com"])), None
    if k == 16:
        return "phone", r.choice(["+44 20 7946 %04d", "+49 30 1234 %04d", "+33 1 42 68 %04d"]) % r.randint(0, 9999), None
    if k == 17:
        return "iban", iban(r), None
    if k == 18:
        return "us_ssn", "%03d-%02d-%04d" % (r.randint(1, 665), r.randint(1, 99), r.randint(1, 9999)), None
    if k == 19:
        nino = r.choice(["AB", "CE", "JG", "PR", "WX"]) + digits(r, 6) + r.choice("ABCD")
        return "uk_nino", nino, None
    if k == 20:
        return "mrz", mrz(r), None
    if k == 21:
        return "ipv4", "%d.%d.%d.%d" % (r.choice([10, 172, 192, 203]), r.randint(0, 255),
                                        r.randint(0, 255), r.randint(1, 254)), None
    if k == 22:
        return "ipv6", "2001:db8:%x:%x::%x" % (r.randrange(65536), r.randrange(65536),
                                               r.randrange(1, 65536)), None
    if k == 23:
        mac = ":".join("%02X" % r.randrange(256) for _ in range(6))
        return "mac", mac, None
    if k == 24:
        body = r.choice(["35", "86", "49"]) + digits(r, 12)
        return "imei", body + luhn_digit(body), "IMEI: "
    if k == 25:
        return "latlon", "%.4f, %.4f" % (r.uniform(18, 53), r.uniform(73, 135)), None
    b = birth(r)
    return "date_of_birth", "%s-%s-%s" % (b[:4], b[4:6], b[6:]), r.choice(["出生日期：", "生日 ", "DOB: "])


def near_miss(r):
    """A value close to an identifier that no detector should report."""
    k = r.randrange(9)
    if k <= 1:  # a resident ID, or an order number starting with a date, whose check
        # character is off (and that is no card number by Luhn either)
        while True:
            d17 = resident_id(r)[:17] if k == 0 else "2024" + digits(r, 13)
            c = "10X98765432"
            v = d17 + c[(c.index(id_check(d17)) + 1 + r.randrange(10)) % 11]
            if not (v[17] != "X" and luhn_digit(v[:17]) == v[17]):
                return v
    if k == 2:  # 11 digits starting 12: no mobile range
        return "12" + digits(r, 9)
    if k == 3:  # a QQ-like number with no context
        return digits(r, 8, "123456789")
    if k == 4:  # a Visa number failing Luhn
        body = "4" + digits(r, 14)
        return body + str((int(luhn_digit(body)) + 1) % 10)
    if k == 5:  # an octet above 255
        return "%d.%d.%d.%d" % (r.randint(256, 999), r.randint(0, 255), r.randint(0, 255), r.randint(0, 255))
    if k == 6:  # SSN with area 000 or 666
        return "%s-%02d-%04d" % (r.choice(["000", "666"]), r.randint(1, 99), r.randint(1, 9999))
    if k == 7:  # IBAN with its check digits off
        v = iban(r).replace(" ", "")
        return v[:2] + "%02d" % ((int(v[2:4]) + 1) % 97 + 2) + v[4:]
    return "2024-%02d-%02d" % (r.randint(1, 12), r.randint(1, 28))  # a date with no context


# ---- filler ----

ZH = ("今天 天气 不错 我们 讨论 项目 进度 会议 安排 在 下午 三点 客户 反馈 产品 质量 很好 需要 进一步 "
      "优化 系统 性能 数据 分析 报告 已经 完成 请 查收 附件 公司 计划 明年 扩大 市场 份额 团队 成员 "
      "积极 参与 培训 活动 服务 支持 订单 发货 物流 信息 更新 价格 调整 通知 如下").split()
EN = ("the quarterly report shows steady growth in revenue and customer satisfaction while the "
      "team continues to improve delivery times across all regions please review the attached "
      "summary before the meeting on thursday and send comments to the project lead").split()
PUNCT_ZH = ["，", "。", "；", "！", "、"]


def filler(r, n):
    out = []
    size = 0
    while size < n:
        t = r.random()
        if t < 0.45:
            s = "".join(r.choice(ZH) for _ in range(r.randint(4, 12))) + r.choice(PUNCT_ZH)
        elif t < 0.85:
            s = " ".join(r.choice(EN) for _ in range(r.randint(5, 14))) + ". "
        elif t < 0.93:
            s = r.choice(["价格%d元，" % r.randint(1, 9999), "%d年%d月" % (r.randint(1990, 2024), r.randint(1, 12)),
                          "%d items, " % r.randint(1, 500), "at %02d:%02d, " % (r.randint(0, 23), r.randint(0, 59)),
                          "v%d.%d.%d " % (r.randint(0, 9), r.randint(0, 20), r.randint(0, 99)),
                          "订单号 A%06d " % r.randint(0, 999999)])
        else:
            s = "\n"
        out.append(s)
        size += len(s.encode())
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("labels")
    ap.add_argument("size", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--every", type=int, default=2048)
    a = ap.parse_args()
    r = random.Random(a.seed)
    offset = 0
    with open(a.out, "wb") as f, open(a.labels, "w") as lab:
        lab.write("entity\toffset\tlength\tkind\n")
        while offset < a.size:
            text = filler(r, r.randint(a.every // 2, a.every * 3 // 2))
            if r.random() < 0.75:
                entity, value, ctx = valid_item(r)
                kind = "valid"
            else:
                entity, value, ctx, kind = "none", near_miss(r), None, "miss"
            # a separator the detectors' bounds accept on both sides
            pre = "\n" + (ctx or r.choice(["", "见 ", "number ", "编号 "]))
            post = r.choice(["。", " ", "，", "\n", "; "])
            chunk = (text + pre).encode()
            f.write(chunk)
            offset += len(chunk)
            v = value.encode()
            lab.write("%s\t%d\t%d\t%s\n" % (entity, offset, len(v), kind))
            f.write(v + post.encode())
            offset += len(v) + len(post.encode())


if __name__ == "__main__":
    main()
