#!/usr/bin/env python3
"""scan_table_gen.py - a wide synthetic table for timing `outis scan` (bench/scan_table_bench.sh).

    bench/scan_table_gen.py ROWS OUT.csv [--seed N]

20 columns as a customer and order table holds them, with realistic cardinalities: unique
resident IDs, mobile numbers, e-mail addresses, order numbers and timestamps (one per row);
names, card numbers and remarks with many distinct values; and low-cardinality sex, age,
birth date, city, postcode, occupation, diagnosis, status and product columns. Identifiers
are valid by their standards (bench/scan_gen.py builds them). Deterministic for a seed; about
244 bytes a row (10M rows: 2.4 GB).
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scan_gen as g  # noqa: E402

HEADER = ["id", "姓名", "身份证号", "手机号", "email", "性别", "年龄", "出生日期", "城市", "邮编",
          "occupation", "诊断", "订单号", "金额", "下单时间", "商品名称", "status", "开票信用代码",
          "备注", "银行卡号"]
CITIES = [("北京市", "100"), ("上海市", "200"), ("广州市", "510"), ("深圳市", "518"),
          ("杭州市", "310"), ("成都市", "610"), ("武汉市", "430"), ("南京市", "210")]
OCC = ["教师", "医生", "护士", "工程师", "程序员", "会计", "律师", "司机", "teacher", "nurse", "clerk"]
DIAG = ["糖尿病", "高血压", "哮喘", "肺炎", "E11.9", "I10", "J45.909", "冠心病", "抑郁症"]
PRODUCTS = ["苹果汁 1L", "绿茶 500ml", "USB-C 数据线", "无线鼠标", "Laptop Stand", "Coffee Beans 1kg"]
STATUS = ["待付款", "已发货", "已完成", "已取消"]
REMARKS = ["按时发货", "请尽快处理", "客户要求开具发票", "no remarks", "周末不收货", "已电话确认"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rows", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    r = random.Random(a.seed)
    # pools for the columns with many but not unique values
    names = [r.choice(g.SURNAMES) + "".join(r.choice(g.GIVEN) for _ in range(r.randint(1, 2)))
             for _ in range(50000)]
    cards = [g.card(r).replace(" ", "") for _ in range(200000)]
    usccs = [g.uscc(r) for _ in range(5000)]
    births = ["%04d-%02d-%02d" % (y, m, d) for y in range(1940, 2015) for m in range(1, 13)
              for d in (1, 9, 17, 25)]
    mobile_prefix = g.MOBILE_PREFIX
    regions = g.REGIONS
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(HEADER) + "\n")
        lines = []
        for i in range(a.rows):
            birth = r.choice(births)
            d17 = r.choice(regions) + birth.replace("-", "") + "%03d" % (i % 1000)
            rid = d17 + g.id_check(d17)
            city, post = r.choice(CITIES)
            mob = r.choice(mobile_prefix) + "%08d" % ((i * 7919 + 13) % 100000000)
            remark = r.choice(REMARKS)
            if i % 17 == 0:
                remark = "联系电话 %s%08d，下午送货" % (r.choice(mobile_prefix), r.randrange(10 ** 8))
            lines.append(",".join([
                str(i + 1), r.choice(names), rid, mob, "user%d@example.com" % i,
                "男" if int(rid[16]) % 2 else "女", str(2025 - int(birth[:4])), birth, city,
                post + "%03d" % r.randrange(1000), r.choice(OCC), r.choice(DIAG),
                "2025%014d" % (i * 104729 % 10 ** 14), "%.2f" % (r.random() * 900 + 10),
                "2025-%02d-%02d %02d:%02d:%02d" % (1 + i % 5, 1 + i % 28, i % 24, i % 60,
                                                   (i * 7) % 60),
                r.choice(PRODUCTS), r.choice(STATUS), r.choice(usccs), remark, r.choice(cards)]))
            if len(lines) == 10000:
                f.write("\n".join(lines) + "\n")
                lines = []
        if lines:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
