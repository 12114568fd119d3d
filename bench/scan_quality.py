#!/usr/bin/env python3
"""scan_quality.py - the column classifier of `outis scan` against synthetic tables whose
column roles are known.

    bench/scan_quality.py [--outis build/outis] [--tables 60] [--rows 300] [--seed 1]

Writes seeded CSV tables to bench/out/scan_quality/ (mixed Chinese and English headers; direct
identifiers, an organisation's credit codes, quasi-identifiers, sensitive attributes and
non-personal columns: order numbers, amounts, counts, timestamps, event dates, product names,
descriptions; some headers misleading: a personal header over values that are not, personal
values under a neutral header), runs `outis scan --json` over them, and prints:

- the accuracy of column roles (target >= 0.95), a confusion matrix and every miss with its
  reasons;
- precision and recall per entity on cell values (targets: 0.99 for entities verified by a
  check character or check digits, 0.95 for the rest). A column labelled with entity E holds
  valid values of E, near misses (a check character off, a mobile prefix that does not exist,
  an address without a number) and missing cells; the classifier counts the rows of each
  entity per column, so true positives are min(counted, valid) in columns of E, and every
  counted row elsewhere, or beyond the valid ones, is a false positive.

Values are built by the rules of their standards in bench/scan_gen.py (the text side's
generator), imported here. Exit 1 when a target is missed.
"""
import argparse
import csv
import json
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scan_gen as g  # noqa: E402

DIRECT, QUASI, SENS, ORG, OTHER = ("direct_identifier", "quasi_identifier",
                                   "sensitive_attribute", "organisation_identifier", "other")
CHECKSUM = {"cn_resident_id", "cn_uscc", "payment_card", "iban", "hk_id", "tw_id", "imei"}

# ---- values ----

EN_GIVEN = ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda",
            "David", "Emma", "Olivia", "Daniel", "Sarah", "Thomas", "Laura", "Kevin"]
EN_FAMILY = ["Smith", "Johnson", "Brown", "Taylor", "Miller", "Wilson", "Moore", "Clark",
             "Walker", "Young", "Hall", "Allen", "Wright", "King", "Scott", "Green"]
CITIES = ["北京市", "上海市", "广州市", "深圳市", "杭州市", "成都市", "武汉市", "南京市", "西安市",
          "重庆市", "朝阳区", "海淀区", "浦东新区", "天河区", "余杭区", "广东省", "浙江省", "四川省"]
OCCUPATIONS = ["教师", "医生", "护士", "工程师", "程序员", "会计", "律师", "司机", "销售", "公务员",
               "teacher", "nurse", "engineer", "driver", "accountant", "farmer", "clerk", "retired"]
EDUCATION = ["小学", "初中", "高中", "大专", "本科", "硕士", "博士", "Bachelors", "Masters",
             "HS-grad", "Some-college", "Doctorate"]
MARITAL = ["未婚", "已婚", "离异", "丧偶", "single", "married", "divorced", "widowed"]
NATIONS = ["中国", "美国", "日本", "英国", "China", "United-States", "Germany", "France", "India"]
DISEASES = ["糖尿病", "高血压", "哮喘", "肺炎", "冠心病", "抑郁症", "E11.9", "I10", "J45.909",
            "diabetes", "asthma", "hypertension", "pneumonia", "C50.912", "K21.9"]
ETHNIC = ["汉族", "回族", "满族", "蒙古族", "藏族", "维吾尔族", "壮族", "苗族"]
RELIGION = ["佛教", "基督教", "天主教", "伊斯兰教", "无宗教", "Buddhist", "Catholic", "Muslim"]
CRIMES = ["盗窃罪", "诈骗罪", "抢劫罪", "故意伤害罪", "危险驾驶罪"]
STATUS = ["待付款", "已发货", "已完成", "已取消", "pending", "shipped", "delivered"]
PRODUCTS = ["苹果汁 1L", "绿茶 500ml", "USB-C 数据线", "无线鼠标", "Laptop Stand", "Coffee Beans 1kg",
            "蓝牙耳机 Pro", "A4 打印纸", "Desk Lamp", "保温杯 450ml", "机械键盘", "Yoga Mat"]
DESCRIPTIONS = ["商品已打包，等待物流揽收", "the parcel was left at the front desk",
                "客户反馈包装破损，已补发", "delivered on time, no issues reported",
                "请在周五前完成质检", "batch 7 failed the humidity test", "库存不足，延迟发货三天",
                "invoice sent with the monthly statement", "系统自动确认收货"]
REMARKS_ID = ["客户来电，手机 %s，要求改地址", "please call back on %s after 5pm",
              "联系邮箱 %s", "send the contract to %s", "身份证号 %s 已核验"]


def mobile(r):
    m = r.choice(g.MOBILE_PREFIX) + g.digits(r, 8)
    form = r.random()
    if form < 0.1:
        return "+86 %s %s %s" % (m[:3], m[3:7], m[7:])
    if form < 0.2:
        return "%s-%s-%s" % (m[:3], m[3:7], m[7:])
    return m


def plain_mobile(r):
    return r.choice(g.MOBILE_PREFIX) + g.digits(r, 8)


def landline(r):
    return r.choice(g.AREA8) + "-" + g.digits(r, 8, "2345678")


def intl_phone(r):
    return r.choice(["+44 20 7946 %04d", "+49 30 1234 %04d", "+33 1 42 68 %04d",
                     "+1 212-555-%04d"]) % r.randint(0, 9999)


def age_value(r):
    a = r.randint(1, 95)
    return "%d岁" % a if r.random() < 0.2 else str(a)


def birth_any(r):
    y, m, d = r.randint(1940, 2015), r.randint(1, 12), r.randint(1, 28)
    return r.choice(["%04d-%02d-%02d", "%04d%02d%02d", "%04d/%02d/%02d"]) % (y, m, d)


def en_address(r):
    return "%d %s %s, %s" % (r.randint(1, 300), r.choice(["Baker", "High", "Church", "Mill", "Park"]),
                             r.choice(["Street", "Road", "Lane", "Avenue"]),
                             r.choice(["London", "Leeds", "Bristol", "York"]))


def passport(r):
    return r.choice(["E", "G"]) + g.digits(r, 8)


def imei(r):
    body = r.choice(["35", "86", "49"]) + g.digits(r, 12)
    return body + g.luhn_digit(body)


def mac(r):
    return ":".join("%02X" % r.randrange(256) for _ in range(6))


def latlon(r):
    return "%.5f, %.5f" % (r.uniform(18, 53), r.uniform(73, 135))


def qq(r):
    return g.digits(r, r.randint(6, 10), "123456789")


def wechat(r):
    return r.choice("abcdefghijklmnopqrstuvwxyz") + "".join(
        r.choice("abcdefghijklmnopqrstuvwxyz0123456789_") for _ in range(r.randint(5, 12)))


def uuid(r):
    h = "%032x" % r.getrandbits(128)
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def cn_name(r):
    return r.choice(g.SURNAMES) + "".join(r.choice(g.GIVEN) for _ in range(r.randint(1, 2)))


def en_name(r):
    # names off the classifier's lists too
    given = EN_GIVEN + ["Zoe", "Quentin", "Ines", "Bartholomew", "Freya", "Idris"]
    family = EN_FAMILY + ["Quinn", "Okafor", "Lindqvist", "Moreau", "Nakamura", "Ferreira"]
    return "%s %s" % (r.choice(given), r.choice(family))


def email(r):
    return "%s%d@%s" % (r.choice(["li.wei", "zhang.min", "j.smith", "mary_k", "wang88"]),
                        r.randint(1, 9999), r.choice(["example.com", "example.cn", "mail.test"]))


def address(r):
    return r.choice(g.CITIES) + r.choice(g.ROADS) + "%d号" % r.randint(1, 999) + \
        r.choice(["", "%d栋%d室" % (r.randint(1, 30), r.randint(101, 2505))])


def plate(r):
    serial = "".join(r.choice("0123456789") for _ in range(4)) + r.choice(g.PLATE_LETTERS)
    return r.choice(g.PROVINCES) + r.choice(g.PLATE_LETTERS) + serial


def ssn(r):
    return "%03d-%02d-%04d" % (r.randint(1, 665), r.randint(1, 99), r.randint(1, 9999))


def ipv4(r):
    return "%d.%d.%d.%d" % (r.choice([10, 172, 192, 203, 58]), r.randint(0, 255),
                            r.randint(0, 255), r.randint(1, 254))


def birth_date(r):
    return "%04d-%02d-%02d" % (r.randint(1940, 2015), r.randint(1, 12), r.randint(1, 28))


def cn_postcode(r):
    return r.choice(["100", "200", "510", "310", "610", "430"]) + g.digits(r, 3)


def id_miss(r):
    d17 = g.resident_id(r)[:17]
    c = "10X98765432"
    good = g.id_check(d17)
    return d17 + c[(c.index(good) + 1 + r.randrange(10)) % 11]


def card_miss(r):
    v = g.card(r).replace(" ", "")
    return v[:-1] + str((int(v[-1]) + 1 + r.randrange(9)) % 10)


def uscc_miss(r):
    v = g.uscc(r)
    alpha = g.USCC_ALPHA
    return v[:-1] + alpha[(alpha.index(v[-1]) + 1 + r.randrange(30)) % 31]


def iban_miss(r):
    v = g.iban(r).replace(" ", "")
    return v[:2] + "%02d" % ((int(v[2:4]) + 1) % 97 + 2) + v[4:]


def order_no(r):
    return r.choice(["2024", "2025"]) + g.digits(r, 14)


def timestamp(r):
    return "2025-%02d-%02d %02d:%02d:%02d" % (r.randint(1, 5), r.randint(1, 28), r.randint(0, 23),
                                             r.randint(0, 59), r.randint(0, 59))


def event_date(r):
    return "2024-%02d-%02d" % (r.randint(1, 12), r.randint(1, 28))


# kind: (role, entity or None, headers, value maker, near-miss maker or None)
KINDS = {
    "resident_id": (DIRECT, "cn_resident_id", ["身份证号", "身份证号码", "id_card", "证件号码", "sfzh",
                                               "citizen_id"], g.resident_id, id_miss),
    "mobile": (DIRECT, "cn_mobile", ["手机号", "手机", "mobile", "联系电话", "phone", "cellphone"],
               mobile, lambda r: "12" + g.digits(r, 9)),
    "email": (DIRECT, "email", ["email", "邮箱", "e-mail", "电子邮件"], email, None),
    "cn_name": (DIRECT, "cn_name", ["姓名", "客户姓名", "联系人", "name", "收件人"], cn_name, None),
    "en_name": (DIRECT, None, ["full_name", "name", "customer name", "patient_name"], en_name,
                None),
    "card": (DIRECT, "payment_card", ["银行卡号", "卡号", "card_no", "credit_card"], g.card,
             card_miss),
    "address": (DIRECT, "cn_address", ["地址", "住址", "address", "收货地址"], address, None),
    "ipv4": (DIRECT, "ipv4", ["ip", "client_ip", "ip地址", "remote_ip"], ipv4,
             lambda r: "%d.%d.%d.%d" % (r.randint(256, 999), r.randint(0, 255),
                                        r.randint(0, 255), r.randint(0, 255))),
    "plate": (DIRECT, "cn_plate", ["车牌号", "车牌", "plate_no"], plate, None),
    "ssn": (DIRECT, "us_ssn", ["ssn", "social_security_number"], ssn,
            lambda r: "666-%02d-%04d" % (r.randint(1, 99), r.randint(1, 9999))),
    # nine digits without dashes are an SSN only under a header that names one: most random
    # 9-digit numbers pass the SSA's rules
    "ssn_plain": (DIRECT, "us_ssn", ["ssn", "social_security_number"],
                  lambda r: ssn(r).replace("-", ""), None),
    "num9": (OTHER, None, ["ref_no", "ticket", "编号", "batch"],
             lambda r: str(r.randint(10 ** 8, 10 ** 9 - 1)), None),
    # a key given to a person links all their records, whatever its values look like
    "person_key": (DIRECT, None, ["patient_id", "customer_id", "会员号", "工号", "user_id", "mrn"],
                   lambda r: r.choice(["P", "C", "", "M"]) + str(r.randint(1, 99999)).zfill(6),
                   None),
    "iban": (DIRECT, "iban", ["iban", "bank_account", "收款账号"], g.iban, iban_miss),
    "hk_id": (DIRECT, "hk_id", ["香港身份证", "hkid"], g.hk_id, None),
    "tw_id": (DIRECT, "tw_id", ["身分證字號", "taiwan_id"], g.tw_id, None),
    "remarks": (DIRECT, None, ["备注", "notes", "comment", "客服记录"], None, None),
    "uscc": (ORG, "cn_uscc", ["统一社会信用代码", "信用代码", "uscc", "单位代码"], g.uscc, uscc_miss),
    "age": (QUASI, None, ["年龄", "age", "周岁"], age_value, None),
    "sex": (QUASI, None, ["性别", "gender", "sex"], None, None),
    "birth": (QUASI, "date_of_birth", ["出生日期", "birthday", "dob", "生日"], birth_any, None),
    "landline": (DIRECT, "cn_landline", ["电话", "座机", "固定电话"], landline, None),
    "intl_phone": (DIRECT, "phone", ["phone_number", "telephone", "tel"], intl_phone, None),
    "en_address": (DIRECT, None, ["address", "home_address", "street_address"], en_address, None),
    "passport": (DIRECT, "cn_passport", ["护照号", "passport_no"], passport, None),
    "imei": (DIRECT, "imei", ["imei", "设备串号"], imei, None),
    "mac": (DIRECT, "mac", ["mac", "mac_address"], mac, None),
    "qq": (DIRECT, "qq", ["qq号", "qq"], qq, None),
    "wechat": (DIRECT, "wechat", ["微信号", "wechat_id"], wechat, None),
    "latlon": (SENS, "latlon", ["坐标", "gps", "经纬度"], latlon, None),
    "postcode": (QUASI, "cn_postcode", ["邮编", "邮政编码", "postcode", "zip"], cn_postcode, None),
    "region": (QUASI, None, ["城市", "省份", "city", "province", "籍贯", "所在地区"],
               lambda r: r.choice(CITIES), None),
    "occupation": (QUASI, None, ["职业", "occupation", "job"], lambda r: r.choice(OCCUPATIONS),
                   None),
    "education": (QUASI, None, ["学历", "education", "文化程度"], lambda r: r.choice(EDUCATION),
                  None),
    "marital": (QUASI, None, ["婚姻状况", "marital_status"], lambda r: r.choice(MARITAL), None),
    "nationality": (QUASI, None, ["国籍", "nationality"], lambda r: r.choice(NATIONS), None),
    "diagnosis": (SENS, None, ["诊断", "diagnosis", "疾病", "主要诊断"], lambda r: r.choice(DISEASES),
                  None),
    "ethnicity": (SENS, None, ["民族", "ethnicity"], lambda r: r.choice(ETHNIC), None),
    "religion": (SENS, None, ["宗教信仰", "religion"], lambda r: r.choice(RELIGION), None),
    "salary": (SENS, None, ["月薪", "salary", "income", "年收入"],
               lambda r: str(r.randint(3, 60) * 500), None),
    "crime": (SENS, None, ["犯罪记录", "罪名"], lambda r: r.choice(CRIMES), None),
    "order": (OTHER, None, ["订单号", "order_no", "order_id", "流水号"], order_no, None),
    "amount": (OTHER, None, ["金额", "amount", "price", "单价"],
               lambda r: "%.2f" % r.uniform(1, 5000), None),
    "qty": (OTHER, None, ["数量", "qty", "quantity"], lambda r: str(r.randint(1, 50)), None),
    "ts": (OTHER, None, ["创建时间", "created_at", "updated_at", "支付时间"], timestamp, None),
    "edate": (OTHER, None, ["下单日期", "order_date", "ship_date"], event_date, None),
    "status": (OTHER, None, ["状态", "status", "订单状态"], lambda r: r.choice(STATUS), None),
    "product": (OTHER, None, ["商品名称", "product", "item"], lambda r: r.choice(PRODUCTS), None),
    "rowid": (OTHER, None, ["id", "序号", "row"], None, None),
    "sku": (OTHER, None, ["sku", "商品编码"], lambda r: "SKU-%05d" % r.randint(0, 99999), None),
    "desc": (OTHER, None, ["描述", "description", "物流备注"], lambda r: r.choice(DESCRIPTIONS),
             None),
    "unix": (OTHER, None, ["ts_ms", "event_time"], lambda r: str(r.randint(1700000000000,
                                                                             1750000000000)),
             None),
    "uuid": (OTHER, None, ["uuid", "request_id", "trace_id"], uuid, None),
    "version": (OTHER, None, ["version", "app_version"],
                lambda r: "%d.%d.%d" % (r.randint(0, 9), r.randint(0, 20), r.randint(0, 99)),
                None),
    "color": (OTHER, None, ["color", "颜色"], lambda r: r.choice(["white", "black", "red", "blue",
                                                                   "白色", "黑色"]), None),
    "score": (OTHER, None, ["score", "得分", "rating"], lambda r: str(r.randint(0, 100)), None),
    "dept": (OTHER, None, ["部门", "department"], lambda r: r.choice(["销售部", "技术部", "财务部",
                                                                     "Sales", "R&D"]), None),
    "tracking": (OTHER, None, ["运单号", "tracking_no"],
                 lambda r: "SF" + g.digits(r, 10), None),
    "model": (OTHER, None, ["设备型号", "phone_model"],
              lambda r: r.choice(["iPhone 15", "Mate 60 Pro", "Galaxy S24", "Redmi Note 13"]),
              None),
}

# Misleading headers: (label role, entity, header, maker)
MISLEADING = [
    (OTHER, None, "身份证号", order_no),           # order numbers under an ID header
    (OTHER, None, "手机号", lambda r: "%.2f" % r.uniform(1, 999)),
    (OTHER, None, "age", lambda r: "SKU-%05d" % r.randint(0, 99999)),
    (OTHER, None, "name", lambda r: r.choice(PRODUCTS)),
    (OTHER, None, "银行卡号", lambda r: "2024" + g.digits(r, 12)),
    (DIRECT, "cn_mobile", "col_%d", mobile),       # personal values under a neutral header
    (DIRECT, "cn_resident_id", "field%d", g.resident_id),
    (DIRECT, "email", "contact", email),
    (DIRECT, "cn_resident_id", "备注%d", g.resident_id),
    (ORG, "cn_uscc", "code%d", g.uscc),
    (QUASI, None, "c%d", lambda r: r.choice(["男", "女"])),
    # not mobile numbers (no such ranges), but a customer's key: a direct identifier
    (DIRECT, None, "客户编号", lambda r: "1" + r.choice("012") + g.digits(r, 9)),
    (OTHER, None, "生日", lambda r: r.choice(["周一", "周二", "周三"])),
    (DIRECT, "email", "备注", email),
    (SENS, None, "x%d", lambda r: r.choice(DISEASES)),
]


def column(r, kind, rows, table_no):
    role, entity, headers, make, miss = KINDS[kind]
    header = r.choice(headers)
    values, valid = [], 0
    missing = r.choice([0, 0, 0.02, 0.1])
    near = r.choice([0, 0, 0.01, 0.03]) if miss else 0
    for i in range(rows):
        if r.random() < missing:
            values.append("")
        elif miss and r.random() < near:
            values.append(miss(r))
        elif kind == "sex":
            values.append(r.choice([["男", "女"], ["M", "F"], ["male", "female"],
                                    ["1", "2"]][table_no % 4]))
        elif kind == "rowid":
            values.append(str(i + 1))
        elif kind == "remarks":
            if r.random() < 0.3:
                maker = r.choice([plain_mobile, email, g.resident_id])
                t = r.choice(REMARKS_ID)
                values.append(t % maker(r))
                continue
            values.append(r.choice(DESCRIPTIONS))
        else:
            values.append(make(r))
            valid += 1
    if kind == "remarks" and not any(v and v not in DESCRIPTIONS for v in values):
        role = OTHER  # no identifier drawn into these notes
    return header, role, entity, values, valid


def table(r, t, rows):
    kinds = list(KINDS)
    chosen = r.sample(kinds, r.randint(8, 16))
    cols = [column(r, k, rows, t) for k in chosen]
    if r.random() < 0.8:
        role, entity, header, make = r.choice(MISLEADING)
        header = header % r.randint(1, 99) if "%d" in header else header
        values = [make(r) for _ in range(rows)]
        if header not in [c[0] for c in cols]:
            cols.insert(r.randrange(len(cols) + 1),
                        (header, role, entity, values, len(values) if entity else 0))
    # unique headers
    seen = {}
    out = []
    for header, role, entity, values, valid in cols:
        n = seen.get(header, 0)
        seen[header] = n + 1
        out.append((header if n == 0 else "%s_%d" % (header, n + 1), role, entity, values, valid))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--outis", default=os.path.join(here, "..", "build", "outis"))
    ap.add_argument("--tables", type=int, default=60)
    ap.add_argument("--rows", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dir", default=os.path.join(here, "out", "scan_quality"))
    a = ap.parse_args()
    r = random.Random(a.seed)
    os.makedirs(a.dir, exist_ok=True)
    labels, paths = {}, []
    for t in range(a.tables):
        cols = table(r, t, a.rows)
        path = os.path.join(a.dir, "t%03d.csv" % t)
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow([c[0] for c in cols])
            for i in range(a.rows):
                w.writerow([c[3][i] for c in cols])
        paths.append(path)
        labels[path] = cols
    out = subprocess.run([a.outis, "scan", "--json", "-q", "--today", "2025-06-01"] + paths,
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.stderr.write(out.stderr)
        sys.exit(2)
    report = json.loads(out.stdout)
    roles = [DIRECT, QUASI, SENS, ORG, OTHER]
    confusion = {(x, y): 0 for x in roles for y in roles}
    right = total = 0
    misses = []
    tp, fp, fn = {}, {}, {}
    for tab in report["tables"]:
        cols = labels[tab["source"]]
        for col, (header, role, entity, values, valid) in zip(tab["columns"], cols):
            assert col["name"] == header
            total += 1
            right += col["role"] == role
            confusion[(role, col["role"])] += 1
            if col["role"] != role:
                misses.append((tab["source"], header, role, col["role"], col["reasons"]))
            counted = {e["entity"]: e["count"] for e in col["entities"]}
            if col["free_text"]:
                counted = {}  # findings inside text are the text scanner's precision
            for e, n in counted.items():
                if e == entity:
                    hit = min(n, valid)
                    tp[e] = tp.get(e, 0) + hit
                    fp[e] = fp.get(e, 0) + n - hit
                else:
                    fp[e] = fp.get(e, 0) + n
            if entity is not None:
                fn[entity] = fn.get(entity, 0) + valid - min(counted.get(entity, 0), valid)
                tp.setdefault(entity, 0)
    acc = right / total
    print("outis scan column roles: %d tables, %d columns, %d rows each" %
          (a.tables, total, a.rows))
    print("accuracy %.4f (%d of %d) target 0.95 %s" % (acc, right, total,
                                                       "ok" if acc >= 0.95 else "MISSED"))
    print()
    print("%-24s" % "label \\ predicted" + "".join("%10s" % x.split("_")[0] for x in roles))
    for x in roles:
        print("%-24s" % x + "".join("%10d" % confusion[(x, y)] for y in roles))
    if misses:
        print("\nmisses:")
        for src, header, want, got, reasons in misses:
            print("  %s %s: %s, labelled %s: %s" % (os.path.basename(src), header, got, want,
                                                   "; ".join(reasons[:2])))
    print("\n%-16s %10s %10s %10s %9s %9s %7s" % ("entity (cells)", "tp", "fp", "fn", "precision",
                                                  "recall", "target"))
    ok = acc >= 0.95
    for e in sorted(set(tp) | set(fp)):
        p = tp.get(e, 0) / max(1, tp.get(e, 0) + fp.get(e, 0))
        rc = tp.get(e, 0) / max(1, tp.get(e, 0) + fn.get(e, 0))
        target = 0.99 if e in CHECKSUM else 0.95
        good = p >= target and rc >= target
        ok &= good
        print("%-16s %10d %10d %10d %9.4f %9.4f %7.2f %s" % (e, tp.get(e, 0), fp.get(e, 0),
                                                            fn.get(e, 0), p, rc, target,
                                                            "" if good else "MISSED"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
