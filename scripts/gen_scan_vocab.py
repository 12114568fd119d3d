#!/usr/bin/env python3
"""gen_scan_vocab.py - writes src/scan/vocab_data.c, the sorted keyword tables of the column
classifier (src/scan/vocab.c), from the word lists below. Syntax of a word: "~" first =
weak evidence; "*" last = also counts inside a longer header/value. Headers are normalised
(ASCII lowercase; space, '_', '-', '.' dropped), values lowercased and trimmed.
Sensitive categories: GB/T 35273-2020 B.2, PIPL Art. 28, GDPR Art. 9 and 10."""
import os

FIELDS = {
    "cn_resident_id": "身份证号* 身份证号码* 身份证* 身份證號* 身份證號碼* 身份證* 公民身份号码* 居民身份证* "
    "~证件号码* ~證件號碼* ~证件号* idcard* idcardno* idcardnumber* sfzh sfzhm residentid* "
    "nationalid* citizenid* identitycard* identitynumber* ~idno ~idnumber",
    "cn_uscc": "统一社会信用代码* 統一社會信用代碼* 社会信用代码* ~信用代码* uscc* creditcode* "
    "unifiedsocialcreditcode* 纳税人识别号* 納稅人識別號* ~taxid* ~组织机构代码*",
    "hk_id": "香港身份证* 香港身份證* hkid* hkidcard* hongkongid*",
    "tw_id": "台湾身份证* 台灣身分證* 身分證字號* 身分證號* 國民身分證* twid* taiwanid*",
    "cn_passport": "护照号* 护照号码* 护照* 護照號碼* 護照* passport* passportno* passportnumber*",
    "cn_travel_permit": "港澳通行证* 港澳通行證* 回乡证* 回鄉證* 台胞证* 台胞證* ~通行证* ~通行證* "
    "homereturnpermit* travelpermit*",
    "cn_mobile": "手机号* 手机号码* 手机* 手機號* 手機號碼* 手機* 移动电话* 行動電話* mobile* "
    "mobilephone* mobileno* cellphone* ~cell",
    "phone": "电话* 电话号码* 联系电话* 電話* 電話號碼* 聯絡電話* 座机* 座機* 固定电话* 固定電話* "
    "phone* phoneno* phonenumber* telephone* ~tel telno* landline* ~fax ~传真* ~傳真* "
    "contactnumber* ~联系方式*",
    "payment_card": "银行卡号* 银行卡* 銀行卡號* 銀行卡* ~卡号* ~卡號* 信用卡号* 信用卡號* 信用卡* "
    "银行账号* 銀行帳號* 銀行賬號* creditcard* ~cardno* ~cardnumber* ~pan debitcard* 借记卡* "
    "借記卡* bankaccount* ~accountnumber*",
    "iban": "iban*",
    "cn_plate": "车牌号* 车牌* 車牌號* 車牌* 号牌* 號牌* licenseplate* plateno* platenumber* ~plate "
    "numberplate*",
    "cn_name": "姓名* ~名字 真实姓名* 真實姓名* 联系人* 聯絡人* 聯繫人* 收件人* 收货人* 收貨人* "
    "持卡人* 户主* 戶主* ~name fullname* firstname* lastname* surname* givenname* "
    "familyname* middlename* realname* patientname* customername* contactname*",
    "cn_address": "地址* 住址* 家庭住址* 家庭地址* 居住地址* 户籍地址* 戶籍地址* 通讯地址* 通訊地址* "
    "联系地址* 聯絡地址* 收货地址* 收貨地址* 详细地址* 詳細地址* 住所* 户籍所在地* address* addr* "
    "~street* ~residence*",
    "qq": "qq* qq号* qq號* qq号码* qqnumber*",
    "wechat": "微信* 微信号* 微信號* wechat* weixin* wxid*",
    "cn_postcode": "邮编* 邮政编码* 郵編* 郵政編碼* 郵遞區號* ~zip zipcode* postcode* postalcode*",
    "email": "邮箱* 电子邮件* 电子邮箱* 郵箱* 電子郵件* 電子信箱* 電郵* email* ~mail emailaddress*",
    "us_ssn": "ssn* socialsecurity* socialsecuritynumber*",
    "uk_nino": "nino* nationalinsurance* nationalinsurancenumber*",
    "ip": "~ip ipaddress* ipaddr* clientip* remoteip* sourceip* srcip* dstip* ip地址* ipv4* ipv6*",
    "mac": "~mac macaddress* macaddr* mac地址* 物理地址*",
    "imei": "imei* meid* 串号* 串號* ~deviceid*",
    "latlon": "latitude* longitude* ~lat ~lng ~lon coordinates* gps* 经纬度* 經緯度* 经度* 纬度* 經度* "
    "緯度* 坐标* 座標* geolocation* latlng*",
    "date_of_birth": "出生日期* 出生年月* 生日* 出生时间* 出生時間* ~出生* dob* birthdate* dateofbirth* "
    "birthday* ~birth*",
    "age": "年龄* 年齡* ~age 周岁* 週歲*",
    "sex": "性别* 性別* ~sex gender*",
    # a key a holder gives a person (HIPAA's "any other unique identifying number"): it links
    # every record of the person, here and in the holder's other tables
    "person_key": "patientid* 患者编号* 患者id* 患者號* 病历号* 病歷號* 病案号* 病案號* 住院号* "
    "住院號* 门诊号* 門診號* 就诊卡号* 就診卡號* medicalrecordnumber* mrn* memberid* membernumber* "
    "memberno* 会员号* 会员编号* 会员id* 會員號* 會員編號* customerid* customernumber* customerno* "
    "客户编号* 客户号* 客户id* 客戶編號* 客戶號* userid* 用户id* 用户编号* 用戶編號* employeeid* "
    "employeenumber* staffid* 员工编号* 工号* 員工編號* 工號* studentid* studentnumber* 学号* 學號* "
    "personid* 人员编号* 人員編號* subjectid* participantid* 受试者编号* 受試者編號* policyholderid* "
    "insuredid* 参保人编号* 社保号* 社保卡号* 医保号* 医保卡号* 醫保卡號* beneficiaryid*",
}

CAT_HEADERS = {
    "health": "诊断* 診斷* 病情* 疾病* 病种* 病種* 病历* 病歷* 病史* 既往史* 症状* 症狀* 主诉* 主訴* "
    "用药* 用藥* 药品* 藥品* 处方* 處方* 过敏* 過敏* 血型* 体检* 體檢* 检验结果* 檢驗結果* 健康状况* "
    "健康狀況* 残疾* 殘疾* 住院* 门诊* 門診* 手术* 手術* 医嘱* 醫囑* 传染病* 傳染病* diagnosis* "
    "diagnoses* icd* icd10* disease* illness* medical* medication* prescription* allergy* "
    "allergies* bloodtype* bloodgroup* symptom* health* disability* hivstatus* "
    "medicalhistory* ~condition* ~treatment*",
    "ethnicity": "民族* 族别* 族別* 种族* 種族* ethnicity* ethnic* ~race racialorigin*",
    "religion": "宗教* 宗教信仰* 信仰* 教派* religion* religious* ~faith ~belief* ~denomination",
    "biometric": "指纹* 指紋* 人脸* 人臉* 虹膜* 声纹* 聲紋* 掌纹* 掌紋* 步态* 步態* 视网膜* 視網膜* 基因* "
    "生物特征* 生物特徵* ~照片 ~头像 ~頭像 fingerprint* faceid* facial* faceimage* iris* "
    "voiceprint* palmprint* retina* biometric* dna* genetic* genome* genotype* ~photo",
    "financial": "余额* 餘額* 存款* 收入* 工资* 工資* 薪资* 薪資* 薪水* 贷款* 貸款* 负债* 負債* 征信* "
    "徵信* 信用评分* 信用評分* 房产* 房產* 资产* 資產* 交易记录* 交易記錄* 开户行* 開戶行* 银行卡* 銀行卡* "
    "银行账号* 銀行帳號* balance* income* salary* wages* loan* debt* creditscore* "
    "bankaccount* iban* swift* routingnumber* creditcard* networth* mortgage* ~transaction*",
    "location": "位置* 定位* 经纬度* 經緯度* 坐标* 座標* 行踪* 行蹤* 轨迹* 軌跡* 行程* 住宿* 入住* 航班* "
    "车次* 車次* 基站* 签到* 簽到* gps* latitude* longitude* location* geolocation* coordinates* "
    "trajectory* whereabouts* itinerary* travelhistory* celltower* geohash* ~route* ~track*",
    "sexual_orientation": "性取向* 性倾向* 性傾向* 性生活* sexualorientation* sexuality* sexlife* "
    "~orientation*",
    "criminal": "犯罪记录* 犯罪記錄* 犯罪* 前科* 违法记录* 違法記錄* 刑事* 罪名* 刑期* 判决* 判決* 服刑* "
    "逮捕* 拘留* 假释* 假釋* 缓刑* 緩刑* 案由* criminal* conviction* convictions* offence* "
    "offense* crime* arrest* parole* probation* felony* ~sentence*",
    "minor": "未成年* 儿童* 兒童* 监护人* 監護人* 家长* 家長* 学号* 學號* 年级* 年級* 班级* 班級* 幼儿园* "
    "幼兒園* ~学生* ~學生* child* children* guardian* pupil* kindergarten* isminor* juvenile* "
    "~minor ~student* ~grade",
    "political": "政治面貌* 党派* 黨派* 政党* 政黨* 入党时间* 入黨時間* politicalaffiliation* "
    "politicalparty* politicalview* politicalopinion* ~party",
    "trade_union": "工会* 工會* tradeunion* unionmember* unionmembership* laborunion* labourunion*",
}

ETHNIC_S = ("汉 壮 满 回 苗 维吾尔 土家 彝 蒙古 藏 布依 侗 瑶 朝鲜 白 哈尼 哈萨克 黎 傣 畲 傈僳 仡佬 东乡 "
            "高山 拉祜 水 佤 纳西 羌 土 仫佬 锡伯 柯尔克孜 达斡尔 景颇 毛南 撒拉 布朗 塔吉克 阿昌 普米 "
            "鄂温克 怒 京 基诺 德昂 保安 俄罗斯 裕固 乌孜别克 门巴 鄂伦春 独龙 塔塔尔 赫哲 珞巴")
ETHNIC_T = ("漢 壯 滿 回 苗 維吾爾 土家 彝 蒙古 藏 布依 侗 瑤 朝鮮 白 哈尼 哈薩克 黎 傣 畲 傈僳 仡佬 東鄉 "
            "高山 拉祜 水 佤 納西 羌 土 仫佬 錫伯 柯爾克孜 達斡爾 景頗 毛南 撒拉 布朗 塔吉克 阿昌 普米 "
            "鄂溫克 怒 京 基諾 德昂 保安 俄羅斯 裕固 烏孜別克 門巴 鄂倫春 獨龍 塔塔爾 赫哲 珞巴")

CAT_VALUES = {
    "health": "糖尿病* 高血压* 高血壓* 冠心病* 心脏病* 心臟病* 癌症* 肺癌* 胃癌* 肝癌* 乳腺癌* 白血病* "
    "艾滋病* 愛滋病* 乙肝* 乙型肝炎* 肝炎* 肺结核* 肺結核* 哮喘* 抑郁症* 抑鬱症* 憂鬱症* 精神分裂症* "
    "焦虑症* 焦慮症* 双相情感障碍* 雙相情感障礙* 阿尔茨海默病* 阿茲海默症* 帕金森病* 帕金森氏症* 癫痫* "
    "癲癇* 中风* 中風* 脑卒中* 腦卒中* 脑梗* 腦梗* 心肌梗死* 心肌梗塞* 慢阻肺* 肺炎* 新冠肺炎* 骨折* "
    "肾衰竭* 腎衰竭* 尿毒症* 痛风* 痛風* 甲亢* 妊娠* 怀孕* 懷孕* 流产* 流產* 梅毒* 淋病* 性病* 自闭症* "
    "自閉症* 多动症* 過動症* 肿瘤* 腫瘤* 恶性肿瘤* 惡性腫瘤* 化疗* 化療* 透析* 残疾* 殘疾* 不孕* "
    "diabetes* hypertension* cancer* carcinoma* tumor* tumour* leukemia* lymphoma* hiv* "
    "aids hepatitis* tuberculosis* asthma* depression* schizophrenia* bipolar* dementia* "
    "alzheimer* parkinson* epilepsy* ~stroke* myocardial* copd* pneumonia* covid* influenza* "
    "obesity* pregnant* pregnancy* miscarriage* abortion* autism* adhd* chemotherapy* "
    "dialysis* hiv-positive* ~disability*",
    "ethnicity": " ".join(w + "族" for w in (ETHNIC_S + " " + ETHNIC_T).split()) + " 少数民族* 少數民族* "
    "维吾尔* 維吾爾* 哈萨克* 哈薩克* 土家* 鄂温克* 鄂溫克* 鄂伦春* 鄂倫春* hispanic latino latina "
    "latinx caucasian ~white ~black ~asian african-american african american asian-american "
    "native american american indian alaska native pacific islander native hawaiian aboriginal "
    "indigenous first nations inuit roma ~arab multiracial mixed race biracial uyghur uighur "
    "tibetan zhuang manchu kazakh ~han ~hui",
    "religion": "佛教* 道教* 伊斯兰教* 伊斯蘭教* 天主教* 基督教* 新教* 东正教* 東正教* 犹太教* 猶太教* 印度教* "
    "锡克教* 錫克教* 无宗教* 無宗教* 无神论* 無神論* 穆斯林* 佛教徒* 基督徒* 天主教徒* 藏传佛教* 藏傳佛教* "
    "回教* 一贯道* 一貫道* 喇嘛教* buddhism* buddhist* christian* christianity* catholic* "
    "protestant* orthodox* muslim* islam* islamic* jewish* judaism* hindu* hinduism* sikh* "
    "sikhism* jain* taoism* taoist* daoism* shinto* atheist* agnostic* mormon* baptist* "
    "methodist* lutheran* anglican* evangelical* pentecostal* presbyterian* sunni* shia* "
    "no religion",
    "biometric": "指纹* 指紋* 虹膜* 声纹* 聲紋* 掌纹* 掌紋* 人脸特征* 人臉特徵* 面部特征* 面部特徵* "
    "fingerprint* iris scan* voiceprint* face template* genotype*",
    "financial": "中国工商银行* 中國工商銀行* 中国建设银行* 中國建設銀行* 中国农业银行* 中國農業銀行* 中国银行* "
    "中國銀行* 交通银行* 交通銀行* 招商银行* 招商銀行* 中国邮政储蓄银行* 浦发银行* 中信银行* 中信銀行* "
    "光大银行* 华夏银行* 民生银行* 广发银行* 兴业银行* 平安银行* 储蓄卡* 借记卡* 借記卡* 信用卡* 活期* "
    "定期存款* 贷款* 貸款* 逾期* savings account* checking account* debit card* credit card* "
    "overdraft* mortgage* ~loan*",
    "location": "入住* 退房* 签到* 簽到* check-in* check-out* ~checked in*",
    "sexual_orientation": "异性恋* 異性戀* 同性恋* 同性戀* 双性恋* 雙性戀* 无性恋* 無性戀* 泛性恋* 泛性戀* "
    "男同* 女同* 跨性别* 跨性別* heterosexual* homosexual* bisexual* pansexual* asexual* gay* "
    "lesbian* queer* lgbt* lgbtq* transgender* ~straight",
    "criminal": "盗窃罪* 盜竊罪* 抢劫罪* 搶劫罪* 诈骗罪* 詐騙罪* 故意伤害罪* 故意傷害罪* 故意杀人罪* 故意殺人罪* "
    "贩卖毒品罪* 販賣毒品罪* 危险驾驶罪* 危險駕駛罪* 强奸罪* 強姦罪* 有期徒刑* 无期徒刑* 無期徒刑* 死刑* "
    "拘役* 缓刑* 緩刑* 罚金* 罰金* 行政拘留* 刑事拘留* 假释* 假釋* 前科* theft* burglary* robbery* "
    "~assault* fraud* homicide* murder* manslaughter* dui dwi felony* misdemeanor* convicted* "
    "imprisonment* incarcerated* parole* probation*",
    "minor": "未成年* 未成年人* 儿童* 兒童* 幼儿* 幼兒* 婴儿* 嬰兒* 小学生* 小學生* 初中生* 幼儿园* 幼兒園* "
    "一年级* 二年级* 三年级* 四年级* 五年级* 六年级* 一年級* 二年級* 三年級* 四年級* 五年級* 六年級* "
    "infant* toddler* ~child* ~minor kindergarten* preschool* primary school* elementary school*",
    "political": "中共党员* 中共黨員* 共产党员* 共產黨員* 中共预备党员* 共青团员* 共青團員* 民主党派* "
    "民主黨派* 无党派人士* 無黨派人士* 九三学社* 九三學社* 民革* ~群众 ~群眾 democrat republican "
    "communist ~conservative ~liberal ~socialist",
    "trade_union": "工会会员* 工會會員* union member*",
}

CATEGORIES = list(CAT_HEADERS)


def parse(words, value):
    out = []
    for w in words.split():
        weak = w.startswith("~")
        part = w.endswith("*")
        w = w.strip("~*")
        w = w.lower()
        out.append((w, weak, part))
    return out


def parse_values(text):
    # values may hold spaces: words are split on spaces, but a run of ASCII words without
    # markers after a word belongs to the list as separate entries except known phrases
    phrases = []
    for w in PHRASES:
        if w in text:
            text = text.replace(w, w.replace(" ", "\x00"))
    for w in text.split():
        weak = w.startswith("~")
        part = w.endswith("*")
        w = w.strip("~*").replace("\x00", " ").lower()
        phrases.append((w, weak, part))
    return phrases


PHRASES = ["african american", "native american", "american indian", "alaska native",
           "pacific islander", "native hawaiian", "first nations", "mixed race", "no religion",
           "iris scan", "face template", "savings account", "checking account", "debit card",
           "credit card", "checked in", "primary school", "elementary school", "union member"]


def table(name, rows):
    # rows: (bytes, what, strength, part); sorted by (length, bytes) for per-length search
    rows = sorted(set(rows), key=lambda r: (len(r[0]), r[0]))
    seen = {}
    for r in rows:
        assert r[0] not in seen, (name, r[0].decode(), seen.get(r[0]))
        seen[r[0]] = r
    maxlen = max(len(r[0]) for r in rows)
    out = ["static const scan_word %s_words[%d] = {" % (name, len(rows))]
    for b, what, strength, part in rows:
        lit = "".join(chr(c) if 32 <= c < 127 and chr(c) not in '"\\' else "\\%03o" % c
                      for c in b)
        out.append('    {"%s", %d, %d, %d, %d}, /* %s */' % (lit, len(b), what, strength, part,
                                                              b.decode()))
    out.append("};")
    starts = []
    i = 0
    for L in range(maxlen + 2):
        while i < len(rows) and len(rows[i][0]) < L:
            i += 1
        starts.append(i)
    out.append("static const uint16_t %s_by_len[%d] = {" % (name, len(starts)))
    for k in range(0, len(starts), 16):
        out.append("    " + ", ".join(str(x) for x in starts[k:k + 16]) + ",")
    out.append("};")
    out.append("const scan_vocab %s = {%s_words, %s_by_len, %d};" % (name, name, name, maxlen))
    return out


def main():
    fields = list(FIELDS)
    hdr = []
    for i, f in enumerate(fields):
        for w, weak, part in parse(FIELDS[f], False):
            hdr.append((w.encode(), i + 1, 1 if weak else 2, int(part)))
    cat_hdr, cat_val = [], []
    for i, c in enumerate(CATEGORIES):
        for w, weak, part in parse(CAT_HEADERS[c], False):
            cat_hdr.append((w.encode(), i + 1, 1 if weak else 2, int(part)))
        for w, weak, part in parse_values(CAT_VALUES[c]):
            cat_val.append((w.encode(), i + 1, 1 if weak else 2, int(part)))
    body = ["/* vocab_data.c - generated by scripts/gen_scan_vocab.py; do not edit. Keyword tables",
            " * of the column classifier, each sorted by (length, bytes), with the index of the",
            " * first word of each length. what = 1 + the position in scan_field / scan_category. */",
            '#include "scan/vocab_int.h"', "", "/* clang-format off */"]
    body += table("scan_vocab_fields", hdr) + [""]
    body += table("scan_vocab_cat_headers", cat_hdr) + [""]
    body += table("scan_vocab_cat_values", cat_val) + ["/* clang-format on */"]
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "src", "scan", "vocab_data.c"), "w") as f:
        f.write("\n".join(body) + "\n")
    print("fields:", ", ".join(fields))
    print("categories:", ", ".join(CATEGORIES))


if __name__ == "__main__":
    main()
