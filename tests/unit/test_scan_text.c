/* test_scan_text.c - the text scanner: exact findings in a mixed Chinese/English text (offsets,
 * lines and previews computed independently with python3), near misses that must stay quiet,
 * streams cut at every size giving the findings of one block, directory trees (globs,
 * binary files, links), single values, and a property test with planted identifiers. */
#include "testutil.h"

#include "outis/scan.h"
#include "scan/scan_int.h"
#include "util/bytes.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define TODAY 20250101

/* ---- Collecting findings ---- */

typedef struct seen {
    size_t entity;
    uint64_t offset, line, column;
    size_t length;
    double confidence;
    int verdict, has_context;
    char preview[OUTIS_PREVIEW_MAX];
    char value[64];
    char source[64];
} seen;

typedef struct seen_list {
    seen v[512];
    size_t n;
    int stop_after; /* nonzero: the callback stops the scan after this many */
} seen_list;

static int collect(const outis_finding *f, void *payload)
{
    seen_list *l = payload;
    assert_true(l->n < sizeof l->v / sizeof l->v[0]);
    seen *s = &l->v[l->n++];
    memset(s, 0, sizeof *s);
    s->entity = f->entity;
    s->offset = f->offset;
    s->line = f->line;
    s->column = f->column;
    s->length = f->length;
    s->confidence = f->confidence;
    s->verdict = f->verdict;
    s->has_context = f->has_context;
    snprintf(s->preview, sizeof s->preview, "%s", f->preview);
    if (f->value != NULL && f->length < sizeof s->value) {
        memcpy(s->value, f->value, f->length);
    }
    snprintf(s->source, sizeof s->source, "%s", f->source);
    return l->stop_after != 0 && l->n >= (size_t)l->stop_after;
}

static outis_scanner *scanner_with(const char *const *entities, size_t n, size_t chunk,
                                   int show_values)
{
    outis_scanner_options o = OUTIS_SCANNER_OPTIONS_INIT;
    o.entities = entities;
    o.entity_count = n;
    o.today = TODAY;
    o.chunk_size = chunk;
    o.show_values = show_values;
    outis_scanner *sc = NULL;
    outis_error err;
    int rc = outis_scanner_new(&sc, &o, &err);
    if (rc != 0) {
        print_error("scanner: %s\n", err.message);
    }
    assert_int_equal(rc, 0);
    return sc;
}

static size_t entity(const char *name)
{
    size_t e = SIZE_MAX;
    assert_int_equal(outis_scan_entity_find(&e, name, NULL), 0);
    return e;
}

static void scan_block(const outis_scanner *sc, const char *text, size_t len, seen_list *out,
                       outis_scan_stats *stats)
{
    outis_error err;
    out->n = 0;
    int rc = outis_scan_buffer(stats, sc, text, len, "mixed.txt", collect, out, &err);
    if (rc != 0) {
        print_error("scan: %s\n", err.message);
    }
    assert_int_equal(rc, 0);
}

/* ---- A mixed text with known identifiers ---- */

static const char mixed[] = "客户资料 Customer record\n"
                            "身份证号：11010519491231002X，手机 13812345678。\n"
                            "订单号 360426199101020095 已发货，随机数 12012345678 不是手机。\n"
                            "他的号码 12345678 没有上下文\n"
                            "QQ: 87654321\n"
                            "Email: li.wei@example.com, IP 192.168.1.10, MAC 00:1A:2B:3C:4D:5E\n"
                            "姓名：张三丰，地址：北京市朝阳区建国路88号\n"
                            "IBAN GB82 WEST 1234 5698 7654 32 and card 4111 1111 1111 1111.\n";

/* Offsets, lines and columns from python3: b.find(value), b[:o].count(b"\n") + 1. Line 3's
 * 360426199101020095 has a wrong check character (3 is right) and fails Luhn; 12012345678 is
 * in no mobile range; line 4's 12345678 has no QQ keyword before it; line 5's has. */
static const struct {
    const char *entity;
    uint64_t offset, line, column;
    size_t length;
    int verdict;
    double confidence;
    const char *preview;
} want_mixed[] = {
    {"cn_resident_id", 44, 2, 16, 18, OUTIS_VERDICT_VALID, 0.99, "110105********002X"},
    {"cn_mobile", 72, 2, 44, 11, OUTIS_VERDICT_VALID, 0.98, "138****5678"},
    {"qq", 208, 5, 5, 8, OUTIS_VERDICT_PLAUSIBLE, 0.85, "87****21"},
    {"email", 224, 6, 8, 18, OUTIS_VERDICT_VALID, 0.99, "l***@example.com"},
    {"ipv4", 247, 6, 31, 12, OUTIS_VERDICT_VALID, 0.9, "192.168.*.**"},
    {"mac", 265, 6, 49, 17, OUTIS_VERDICT_VALID, 0.95, "00:1A:2B:**:**:**"},
    {"cn_name", 292, 7, 10, 9, OUTIS_VERDICT_PLAUSIBLE, 0.85, "张**"},
    {"cn_address", 313, 7, 31, 32, OUTIS_VERDICT_PLAUSIBLE, 0.9, "北京市朝阳区******"},
    {"iban", 351, 8, 6, 27, OUTIS_VERDICT_VALID, 0.99, "GB82 WE** **** **** **54 32"},
    {"payment_card", 388, 8, 43, 19, OUTIS_VERDICT_VALID, 0.97, "4111 11** **** 1111"},
};

static void test_mixed_text(void **state)
{
    (void)state;
    outis_scanner *sc = scanner_with(NULL, 0, 0, 1);
    seen_list *got = calloc(1, sizeof *got);
    outis_scan_stats st = {0};
    assert_int_equal(sizeof mixed - 1, 409);
    scan_block(sc, mixed, sizeof mixed - 1, got, &st);
    size_t n = sizeof want_mixed / sizeof want_mixed[0];
    for (size_t i = 0; i < got->n && i < n; i++) {
        const seen *s = &got->v[i];
        if (s->entity != entity(want_mixed[i].entity) || s->offset != want_mixed[i].offset) {
            fail_msg("finding %zu: %s at %llu, expected %s at %llu", i,
                     outis_scan_entity(s->entity)->name, (unsigned long long)s->offset,
                     want_mixed[i].entity, (unsigned long long)want_mixed[i].offset);
        }
        assert_int_equal(s->line, want_mixed[i].line);
        assert_int_equal(s->column, want_mixed[i].column);
        assert_int_equal(s->length, want_mixed[i].length);
        assert_int_equal(s->verdict, want_mixed[i].verdict);
        assert_true(s->has_context);
        assert_near(s->confidence, want_mixed[i].confidence, 1e-6);
        assert_string_equal(s->preview, want_mixed[i].preview);
        assert_memory_equal(s->value, mixed + s->offset, s->length);
        assert_string_equal(s->source, "mixed.txt");
    }
    assert_int_equal(got->n, n);
    assert_int_equal(st.findings, n);
    assert_int_equal(st.bytes, 409);
    assert_int_equal(st.invalid_utf8, 0);
    assert_int_equal(st.by_entity[entity("qq")], 1);
    assert_int_equal(st.by_entity[entity("us_ssn")], 0);
    free(got);
    outis_scanner_free(sc);
}

/* Without show_values no raw bytes leave the scanner; a filter keeps only its entities. */
static void test_filter_and_values(void **state)
{
    (void)state;
    const char *only[] = {"email", "cn_mobile"};
    outis_scanner *sc = scanner_with(only, 2, 0, 0);
    seen_list *got = calloc(1, sizeof *got);
    scan_block(sc, mixed, sizeof mixed - 1, got, NULL);
    assert_int_equal(got->n, 2);
    assert_int_equal(got->v[0].entity, entity("cn_mobile"));
    assert_int_equal(got->v[1].entity, entity("email"));
    assert_string_equal(got->v[0].value, "");
    outis_scanner_free(sc);

    outis_error err;
    const char *bad[] = {"emial"};
    outis_scanner_options o = OUTIS_SCANNER_OPTIONS_INIT;
    o.entities = bad;
    o.entity_count = 1;
    assert_int_equal(outis_scanner_new(&sc, &o, &err), OUTIS_ENOTFOUND);
    assert_non_null(strstr(err.message, "did you mean 'email'"));
    assert_null(sc);
    o.entity_count = 0;
    assert_int_equal(outis_scanner_new(&sc, &o, &err), OUTIS_EINVAL);
    free(got);
}

/* A callback that returns nonzero stops the scan. */
static void test_cancel(void **state)
{
    (void)state;
    outis_scanner *sc = scanner_with(NULL, 0, 0, 0);
    seen_list *got = calloc(1, sizeof *got);
    got->stop_after = 2;
    outis_error err;
    assert_int_equal(outis_scan_buffer(NULL, sc, mixed, sizeof mixed - 1, "x", collect, got, &err),
                     OUTIS_ECANCELED);
    assert_int_equal(got->n, 2);
    free(got);
    outis_scanner_free(sc);
}

/* ---- Streams ---- */

static void scan_stream(const outis_scanner *sc, const char *text, size_t len, size_t piece,
                        seen_list *out, outis_scan_stats *stats)
{
    outis_scan_stream *st = NULL;
    outis_error err;
    out->n = 0;
    assert_int_equal(outis_scan_stream_open(&st, sc, "mixed.txt", collect, out, &err), 0);
    for (size_t off = 0; off < len; off += piece) {
        size_t n = len - off < piece ? len - off : piece;
        assert_int_equal(outis_scan_stream_write(st, text + off, n, &err), 0);
    }
    assert_int_equal(outis_scan_stream_close(st, stats, &err), 0);
}

static void assert_same(const seen_list *a, const seen_list *b, size_t piece)
{
    if (a->n != b->n) {
        fail_msg("pieces of %zu: %zu findings, expected %zu", piece, b->n, a->n);
    }
    for (size_t i = 0; i < a->n; i++) {
        const seen *x = &a->v[i], *y = &b->v[i];
        if (x->entity != y->entity || x->offset != y->offset || x->length != y->length ||
            x->line != y->line || x->column != y->column || x->confidence != y->confidence ||
            strcmp(x->preview, y->preview) != 0) {
            fail_msg("pieces of %zu: finding %zu differs (offset %llu vs %llu)", piece, i,
                     (unsigned long long)y->offset, (unsigned long long)x->offset);
        }
    }
}

/* ---- Lead words: the value after a word, however the word is spelt; and where a value starts
 * in a run of its characters ---- */

static void test_lead_words(void **state)
{
    (void)state;
    /* clang-format off */
    static const struct { const char *text, *entity, *value; } cases[] = {
        {"微信号：wxid_abc123 好", "wechat", "wxid_abc123"}, /* extends 微信 */
        {"微信號 abc_12345x", "wechat", "abc_12345x"},
        {"微信: abcdef12", "wechat", "abcdef12"},
        {"WeChat ID: zhang_san88", "wechat", "zhang_san88"}, /* extends wechat, any case */
        {"WECHAT zhang_san88", "wechat", "zhang_san88"},
        {"vx：zhangsan_01", "wechat", "zhangsan_01"}, /* U+FF1A after an ASCII word */
        {"VX:zhangsan_01", "wechat", "zhangsan_01"},
        {"vx，zhangsan_01", NULL, NULL},              /* U+FF0C: no colon */
        {"vxzhangsan_01", NULL, NULL},
        {"Name：张伟，男", "cn_name", "张伟"},
        {"surname：张伟，男", NULL, NULL},              /* inside a word */
        {"客户：李娜。", "cn_name", "李娜"},             /* U+FF1A after a Chinese word */
        {"客户，李娜。", NULL, NULL},
        {"xwechat id: zhang_san88", NULL, NULL},       /* an extended word inside a word */
        {"wechat ID: zhang_san88", "wechat", "zhang_san88"},
        {"wechat idabcdef12", "wechat", "idabcdef12"}, /* the shorter word's value is longer */
        {"vx：", NULL, NULL},                          /* at the end of the text */
        {"微信号", NULL, NULL},
        /* a run of characters that may start after a space (A-Z0-9 and ' ') */
        {"WRITE AB123456C", "uk_nino", "AB123456C"},
        {"NI number: REF AB 12 34 56 C", "uk_nino", "AB 12 34 56 C"},
    };
    /* clang-format on */
    outis_scanner *sc = scanner_with(NULL, 0, 0, 1);
    seen_list *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *t = cases[i].text;
        scan_block(sc, t, strlen(t), a, NULL);
        if (cases[i].entity == NULL) {
            if (a->n != 0) {
                fail_msg("%s: found %s", t, outis_scan_entity(a->v[0].entity)->name);
            }
            continue;
        }
        if (a->n != 1 || a->v[0].entity != entity(cases[i].entity) ||
            strcmp(a->v[0].value, cases[i].value) != 0) {
            fail_msg("%s: %zu findings, the first %s", t, a->n, a->n ? a->v[0].value : "(none)");
        }
        for (size_t piece = 1; piece <= 4; piece++) { /* and cut anywhere */
            scan_stream(sc, t, strlen(t), piece, b, NULL);
            assert_same(a, b, piece);
        }
    }
    /* all of them, 24 times over: longer than a stream keeps, read in small chunks */
    size_t len = 0, want = 0;
    char *text = malloc(16000);
    for (int copy = 0; copy < 24; copy++) {
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            len += (size_t)snprintf(text + len, 16000 - len, "%s\n", cases[i].text);
            want += cases[i].entity != NULL;
        }
    }
    assert_true(len > 2 * 4096 && len < 16000);
    outis_scanner *small = scanner_with(NULL, 0, 64, 1);
    scan_block(sc, text, len, a, NULL);
    assert_int_equal(a->n, want); /* each line finds what it finds alone */
    for (size_t piece = 7; piece <= 700; piece *= 10) {
        scan_stream(sc, text, len, piece, b, NULL);
        assert_same(a, b, piece);
        scan_stream(small, text, len, piece, b, NULL);
        assert_same(a, b, piece);
    }
    free(text);
    free(a);
    free(b);
    outis_scanner_free(small);
    outis_scanner_free(sc);
}

/* A text of `copies` copies of the mixed text with 700 bytes of digits-free filler between,
 * longer than what a stream keeps (4 KiB), so that the kept bytes move. */
static char *long_text(size_t copies, size_t *len)
{
    static const char filler[] = "the report is ready 报告已经完成，请查收附件 ";
    size_t cap = copies * (sizeof mixed + 700 + sizeof filler), n = 0;
    char *t = malloc(cap);
    for (size_t c = 0; c < copies; c++) {
        memcpy(t + n, mixed, sizeof mixed - 1);
        n += sizeof mixed - 1;
        for (size_t k = 0; k + sizeof filler - 1 <= 700; k += sizeof filler - 1) {
            memcpy(t + n, filler, sizeof filler - 1);
            n += sizeof filler - 1;
        }
    }
    *len = n;
    return t;
}

static void test_stream_pieces(void **state)
{
    (void)state;
    /* a small chunk size makes the stream's buffer move every 100 bytes */
    outis_scanner *sc = scanner_with(NULL, 0, 100, 0);
    size_t len;
    char *text = long_text(5, &len);
    assert_true(len > 5000);
    seen_list *block = calloc(1, sizeof *block), *stream = calloc(1, sizeof *stream);
    outis_scan_stats bs = {0};
    scan_block(sc, text, len, block, &bs);
    assert_int_equal(block->n, 5 * (sizeof want_mixed / sizeof want_mixed[0]));
    for (size_t piece = 1; piece <= 64; piece++) {
        outis_scan_stats ss = {0};
        scan_stream(sc, text, len, piece, stream, &ss);
        assert_same(block, stream, piece);
        assert_int_equal(ss.bytes, len);
        assert_int_equal(ss.findings, bs.findings);
    }
    /* one piece of everything, and pieces larger than the chunk size */
    scan_stream(sc, text, len, len, stream, NULL);
    assert_same(block, stream, len);
    scan_stream(sc, text, len, 1000, stream, NULL);
    assert_same(block, stream, 1000);
    free(text);
    /* Grouped digits overlap as phone numbers in a chain longer than a stream keeps: its
     * findings still come out whole, in order, without overlaps. */
    size_t n = 0;
    text = malloc(10001);
    while (n + 10 <= 10000) {
        memcpy(text + n, "0123 4567 ", 10);
        n += 10;
    }
    scan_stream(sc, text, n, 7, stream, NULL);
    assert_true(stream->n > 100);
    for (size_t i = 0; i < stream->n; i++) {
        assert_true(stream->v[i].offset + stream->v[i].length <= n);
        assert_true(i == 0 ||
                    stream->v[i].offset >= stream->v[i - 1].offset + stream->v[i - 1].length);
    }
    free(text);
    free(block);
    free(stream);
    outis_scanner_free(sc);
}

/* ---- Files and trees ---- */

static char tmpdir[64];

static void write_file(const char *rel, const char *data, size_t len)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void test_file_streams(void **state)
{
    (void)state;
    size_t len;
    char *text = long_text(30, &len); /* over 8 KiB: the file is read in chunks */
    snprintf(tmpdir, sizeof tmpdir, "/tmp/outis_scan_XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    write_file("long.txt", text, len);
    char path[256];
    snprintf(path, sizeof path, "%s/long.txt", tmpdir);
    outis_scanner *sc = scanner_with(NULL, 0, 64, 0);
    seen_list *block = calloc(1, sizeof *block), *file = calloc(1, sizeof *file);
    scan_block(sc, text, len, block, NULL);
    outis_scan_file_info info;
    outis_scan_stats st = {0};
    outis_error err;
    assert_int_equal(outis_scan_file(&info, &st, sc, path, collect, file, &err), 0);
    assert_same(block, file, 64);
    assert_int_equal(info.status, OUTIS_FILE_SCANNED);
    assert_int_equal(info.bytes, len);
    assert_int_equal(info.findings, block->n);
    assert_int_equal(st.files, 1);
    /* a file that does not exist */
    snprintf(path, sizeof path, "%s/none.txt", tmpdir);
    assert_int_equal(outis_scan_file(&info, &st, sc, path, collect, file, &err), OUTIS_EIO);
    assert_int_equal(info.status, OUTIS_FILE_UNREADABLE);
    assert_string_equal(err.source, path);
    assert_int_equal(st.files_unreadable, 1);
    snprintf(path, sizeof path, "rm -rf %s", tmpdir);
    assert_int_equal(system(path), 0);
    free(text);
    free(block);
    free(file);
    outis_scanner_free(sc);
}

/* What a tree scan reported, in order, as text. */
typedef struct events {
    char log[4096];
    size_t len;
} events;

static int on_finding_event(const outis_finding *f, void *payload)
{
    events *e = payload;
    const char *rel = f->source + strlen(tmpdir) + 1;
    e->len += (size_t)snprintf(e->log + e->len, sizeof e->log - e->len, "F %s %s %llu\n", rel,
                               outis_scan_entity(f->entity)->name, (unsigned long long)f->offset);
    return 0;
}

static int on_file_event(const outis_scan_file_info *i, void *payload)
{
    events *e = payload;
    const char *rel = i->path + strlen(tmpdir) + 1;
    e->len += (size_t)snprintf(e->log + e->len, sizeof e->log - e->len, "D %s %d %llu\n", rel,
                               i->status, (unsigned long long)i->bytes);
    return 0;
}

static void test_tree(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/outis_scan_XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    char path[256];
    const char *dirs[] = {"sub", "sub/deep", "skip"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, dirs[i]);
        assert_int_equal(mkdir(path, 0700), 0);
    }
    write_file("b.txt", "mail li.wei@example.com\n", 24);
    write_file("a.txt", "no personal data here\n", 22);
    write_file("sub/c.log", "手机 13812345678\n", 19);
    write_file("sub/deep/d.txt", "IP 10.0.0.1 and 10.0.0.2\n", 25);
    write_file("sub/e.bin",
               "\x7f"
               "ELF\0\0 li.wei@example.com",
               25);
    write_file("skip/f.txt", "li.wei@example.com", 18);
    write_file("g.md", "li.wei@example.com", 18);
    snprintf(path, sizeof path, "%s/sub/loop", tmpdir);
    assert_int_equal(symlink("..", path), 0); /* a loop back to the root */
    snprintf(path, sizeof path, "%s/dangling.txt", tmpdir);
    assert_int_equal(symlink("nowhere", path), 0);

    const char *include[] = {"*.txt", "*.log", "*.bin"};
    const char *exclude[] = {"skip"};
    outis_scan_path_options o = OUTIS_SCAN_PATH_OPTIONS_INIT;
    o.include = include;
    o.include_count = 3;
    o.exclude = exclude;
    o.exclude_count = 1;
    o.on_file = on_file_event;
    outis_scanner *sc = scanner_with(NULL, 0, 0, 0);
    /* sorted by name in each directory, depth first; the loop is not followed (the root was
     * entered already); the binary file and the dangling link are reported, not scanned */
    const char *want = "D a.txt 0 22\n"
                       "F b.txt email 5\n"
                       "D b.txt 0 24\n"
                       "D dangling.txt 2 0\n"
                       "F sub/c.log cn_mobile 7\n"
                       "D sub/c.log 0 19\n"
                       "F sub/deep/d.txt ipv4 3\n"
                       "F sub/deep/d.txt ipv4 16\n"
                       "D sub/deep/d.txt 0 25\n"
                       "D sub/e.bin 1 0\n";
    for (unsigned threads = 1; threads <= 4; threads += 3) {
        events *ev = calloc(1, sizeof *ev);
        outis_scan_stats st = {0};
        outis_error err;
        o.threads = threads;
        int rc = outis_scan_path(&st, sc, tmpdir, &o, on_finding_event, ev, &err);
        if (rc != 0) {
            print_error("tree: %s\n", err.message);
        }
        assert_int_equal(rc, 0);
        assert_string_equal(ev->log, want);
        assert_int_equal(st.files, 4);
        assert_int_equal(st.files_binary, 1);
        assert_int_equal(st.files_unreadable, 1);
        assert_int_equal(st.findings, 4);
        free(ev);
    }
    /* the root itself unreadable */
    outis_error err;
    snprintf(path, sizeof path, "%s/none", tmpdir);
    assert_int_equal(outis_scan_path(NULL, sc, path, &o, on_finding_event, NULL, &err), OUTIS_EIO);
    snprintf(path, sizeof path, "rm -rf %s", tmpdir);
    assert_int_equal(system(path), 0);
    outis_scanner_free(sc);
}

/* ---- Single values ---- */

static void test_values(void **state)
{
    (void)state;
    outis_scanner *sc = scanner_with(NULL, 0, 0, 0);
    outis_value_match m[8];
    size_t n = outis_scan_value(m, 8, sc, " 11010519491231002X ", 20);
    assert_true(n >= 1);
    assert_int_equal(m[0].entity, entity("cn_resident_id"));
    assert_int_equal(m[0].verdict, OUTIS_VERDICT_VALID);
    assert_near(m[0].confidence, 0.9, 1e-6);
    /* the wrong check character is no ID */
    n = outis_scan_value(m, 8, sc, "11010519491231002Y", 18);
    for (size_t i = 0; i < n; i++) {
        assert_int_not_equal(m[i].entity, entity("cn_resident_id"));
    }
    n = outis_scan_value(m, 8, sc, "13812345678", 11);
    assert_true(n >= 1);
    assert_int_equal(m[0].entity, entity("cn_mobile"));
    n = outis_scan_value(m, 8, sc, "张三", strlen("张三"));
    assert_int_equal(n, 1);
    assert_int_equal(m[0].entity, entity("cn_name"));
    assert_int_equal(m[0].verdict, OUTIS_VERDICT_PLAUSIBLE);
    assert_true(outis_scan_entity(m[0].entity)->needs_context);
    n = outis_scan_value(m, 8, sc, "li.wei@example.com", 18);
    assert_int_equal(n, 1);
    assert_int_equal(m[0].entity, entity("email"));
    assert_int_equal(outis_scan_value(m, 8, sc, "hello world", 11), 0);
    assert_int_equal(outis_scan_value(m, 8, sc, "", 0), 0);
    /* a postal code is also a QQ-shaped number: both, the same confidence, in entity order */
    n = outis_scan_value(m, 8, sc, "100080", 6);
    assert_int_equal(n, 2);
    assert_int_equal(m[0].entity, entity("qq"));
    assert_int_equal(m[1].entity, entity("cn_postcode"));
    assert_int_equal(outis_scan_value(m, 1, sc, "100080", 6), 1);
    outis_scanner_free(sc);
}

static void test_registry(void **state)
{
    (void)state;
    size_t n = outis_scan_entity_count();
    assert_true(n >= 27 && n <= OUTIS_SCAN_MAX_ENTITIES);
    assert_null(outis_scan_entity(n));
    for (size_t i = 0; i < n; i++) {
        const outis_entity_info *e = outis_scan_entity(i);
        assert_int_equal(entity(e->name), i);
        assert_true(e->confidence > 0 && e->confidence <= e->context_confidence &&
                    e->context_confidence <= 1);
        assert_string_not_equal(outis_scan_kind_name(e->kind), "unknown");
    }
    assert_int_equal(outis_scan_entity(entity("cn_uscc"))->kind, OUTIS_KIND_ORG_ID);
    assert_string_equal(outis_scan_kind_name(99), "unknown");
}

/* ---- Encodings ---- */

/* Invalid UTF-8 is counted byte by byte as the scalar validator sees it; the vector path must
 * agree on random mixtures of valid Chinese, ASCII and stray bytes. */
static size_t invalid_scalar(const char *p, size_t n)
{
    size_t bad = 0, i = 0;
    while (i < n) {
        size_t ok = utf8_valid_prefix(p + i, n - i);
        i += ok;
        if (i < n) {
            bad++, i++;
        }
    }
    return bad;
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    outis_scanner *sc = scanner_with(NULL, 0, 0, 0);
    const int best = sc->simd;
    outis_scan_stats st = {0};
    static const char bad[] = "abc\xff\xfe中文 \xed\xa0\x80 \xe4\xb8";
    assert_int_equal(outis_scan_buffer(&st, sc, bad, sizeof bad - 1, "b", NULL, NULL, NULL), 0);
    assert_int_equal(st.invalid_utf8, 7); /* ff fe, the surrogate's 3, the cut e4 b8 */
    /* valid characters of every length, edge cases valid and not, and stray bytes */
    /* clang-format off */
    static const char *const parts[] = {
        "a", "z ", "\xc3\xa9", "数", "\xf0\x9f\x98\x80", "\xe0\xa0\x80", "\xf0\x90\x80\x80",
        "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf", "\xe0\x80\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80",
        "\xf0\x80\x80\x80", "\xc0\x80", "\xc1\xbf", "\xf5\x80\x80\x80", "\xff", "\x80", "\xbf\xbf",
        "\xe4\xb8", "\xf0\x9f\x98"};
    /* clang-format on */
    uint64_t seed = 7;
    char *buf = malloc(2100);
    for (int round = 0; round < 400; round++) {
        size_t n = 0, len = 40 + test_rng(&seed) % 2000;
        while (n < len) {
            uint64_t x = test_rng(&seed);
            /* mostly ASCII and Chinese, now and then anything */
            const char *part = x % 4 == 0 ? parts[(x >> 8) % 21] : x % 4 == 1 ? "数" : "ab ";
            size_t k = strlen(part);
            memcpy(buf + n, part, k);
            n += k;
        }
        for (int simd = SCAN_SIMD_SSE2; simd <= best; simd++) { /* every path the CPU has */
            sc->simd = simd;
            memset(&st, 0, sizeof st);
            assert_int_equal(outis_scan_buffer(&st, sc, buf, n, "r", NULL, NULL, NULL), 0);
            if (st.invalid_utf8 != invalid_scalar(buf, n)) {
                fail_msg("seed 7 round %d simd %d: %llu invalid, scalar says %zu", round, simd,
                         (unsigned long long)st.invalid_utf8, invalid_scalar(buf, n));
            }
        }
    }
    sc->simd = best;
    /* the vector check passes valid text whole (but a character cut by its last block) and
     * stops before the block of an error */
    size_t n = 0;
    while (n + 7 <= 1000) {
        memcpy(buf + n, "数据 ok", 7);
        n += 7;
    }
    for (int simd = __builtin_cpu_supports("ssse3") ? SCAN_SIMD_SSE2 : SCAN_SIMD_AVX2; simd <= best;
         simd++) {
        memcpy(buf + 500, "\xe6\x95\xb0", 3); /* 数 */
        assert_true(scan_utf8_valid(buf, n, simd) >= n - 64 - 3);
        memcpy(buf + 500, "\xe0\x80\x80", 3);
        assert_true(scan_utf8_valid(buf, n, simd) <= 500);
        assert_true(scan_utf8_valid(buf, n, simd) >= 500 - 128);
    }
    free(buf);
    outis_scanner_free(sc);
}

/* ---- Property: planted identifiers are all found where they were planted ---- */

static void digits(uint64_t *s, char *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        out[i] = (char)('0' + test_rng(s) % 10);
    }
}

/* GB 11643-1999 check character. */
static char id_check(const char *d17)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        sum += w[i] * (d17[i] - '0');
    }
    return "10X98765432"[sum % 11];
}

static char luhn_digit(const char *body, size_t n)
{
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        int d = body[n - 1 - i] - '0';
        if (i % 2 == 0) {
            d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        }
        sum += d;
    }
    return (char)('0' + (10 - sum % 10) % 10);
}

/* A valid identifier of a random kind: its entity name and bytes in out. */
static const char *plant(uint64_t *s, char *out, size_t *len)
{
    static const char *const regions[] = {"110105", "440106", "310115", "510107"};
    switch (test_rng(s) % 5) {
    case 0:
        memcpy(out, regions[test_rng(s) % 4], 6);
        snprintf(out + 6, 9, "%04d%02d%02d", 1950 + (int)(test_rng(s) % 60),
                 1 + (int)(test_rng(s) % 12), 1 + (int)(test_rng(s) % 28));
        digits(s, out + 14, 3);
        out[17] = id_check(out);
        *len = 18;
        return "cn_resident_id";
    case 1:
        memcpy(out, "138", 3);
        digits(s, out + 3, 8);
        *len = 11;
        return "cn_mobile";
    case 2:
        *len = (size_t)snprintf(out, 40, "user%u@example.org", (unsigned)(test_rng(s) % 100000));
        return "email";
    case 3:
        out[0] = '4';
        digits(s, out + 1, 14);
        out[15] = luhn_digit(out, 15);
        *len = 16;
        return "payment_card";
    default:
        *len = (size_t)snprintf(out, 20, "10.%u.%u.%u", (unsigned)(test_rng(s) % 256),
                                (unsigned)(test_rng(s) % 256), 1 + (unsigned)(test_rng(s) % 254));
        return "ipv4";
    }
}

static void test_planted(void **state)
{
    (void)state;
    static const char *const words[] = {"the ", "data ", "报告", "完成", "，", "。",
                                        "\n",   "v1.2 ", "12 ",  "订单", "ok "};
    outis_scanner *sc = scanner_with(NULL, 0, 0, 0);
    seen_list *got = calloc(1, sizeof *got);
    char *text = malloc(8192);
    for (uint64_t seed = 1; seed <= 150; seed++) {
        uint64_t s = seed;
        struct {
            const char *entity;
            size_t offset, len;
        } planted[40];
        size_t n = 0, count = 0;
        while (n < 6000 && count < 40) {
            for (uint64_t k = test_rng(&s) % 30; k > 0; k--) {
                const char *w = words[test_rng(&s) % 11];
                memcpy(text + n, w, strlen(w));
                n += strlen(w);
            }
            memcpy(text + n, "：", 3); /* the walk back stops here */
            n += 3;
            planted[count].entity = plant(&s, text + n, &planted[count].len);
            planted[count].offset = n;
            n += planted[count++].len;
            memcpy(text + n, "，", 3);
            n += 3;
        }
        scan_block(sc, text, n, got, NULL);
        size_t j = 0;
        for (size_t i = 0; i < count; i++) {
            while (j < got->n && got->v[j].offset < planted[i].offset) {
                j++;
            }
            if (j == got->n || got->v[j].offset != planted[i].offset ||
                got->v[j].entity != entity(planted[i].entity) ||
                got->v[j].length != planted[i].len) {
                fail_msg("seed %llu: %s planted at %zu not found", (unsigned long long)seed,
                         planted[i].entity, planted[i].offset);
            }
        }
        seen_list *stream = calloc(1, sizeof *stream);
        scan_stream(sc, text, n, 1 + seed % 97, stream, NULL);
        assert_same(got, stream, 1 + seed % 97);
        free(stream);
    }
    free(text);
    free(got);
    outis_scanner_free(sc);
}

/* ---- Property: the trigger windows find what a scan of every byte finds ---- */

/* Random text of what triggers match, dense in places and sparse in others: planted
 * identifiers, numbers cut by separators, e-mail-like runs, MRZ, IPv6 and MAC shapes, a '<'
 * far from its digit, runs of digits and of identifiers long enough to cut a window
 * (WINDOW_MAX), and filler without anchors. */
static size_t trigger_text(uint64_t *s, char *out, size_t cap)
{
    int once = 0, *had_run = &once;
    static const char *const bits[] = {
        "12-34 ",
        "1 23",
        "3/4/2020 ",
        "1990-01-02 ",
        "39.9042, 116.4074 ",
        "a@b.cd ",
        "user@mail.example-domain.com ",
        "x@averyveryverylongdomainnamewithoutanydigits.department.example.com ",
        "P<CHNZHANG<<SAN<<<<<<<<<<<<<<<<<<<<<\n",
        "E123456784CHN8001014M2501017<<<<<<<<<<<<<<06\n",
        "<ABCDEFGHIJKLMNOP1 ",
        "fe80::1:2:3 ",
        "2001:db8::ff00:42:8329 ",
        "00:1A:2B:3C:4D:5E ",
        "AB123456C ",
        "AB 12 34 56 C ",
        "3号",
        "5日",
        "(0)10-1234-5678 ",
        "x:ab12 ",
        "<1",
        "v1.2.3.4 ",
        ".5.6.7 ",
        "手机",
        "身份证：",
        "卡号 ",
        "email ",
        "\n",
        " ",
        "1",
        "X",
        "粤B1234D ",
        "fe80::beef ", /* SCAN_REACH bytes after the last anchor */
        "A123456(A) ",
        "7 B "};
    static const char filler[] = "the report is ready 报告已经完成，请查收附件 and then some ";
    size_t n = 0;
    while (n + 4400 < cap) {
        const uint64_t nbits = sizeof bits / sizeof bits[0], k = test_rng(s) % (nbits + 16);
        if (k < nbits) {
            const char *b = bits[k];
            memcpy(out + n, b, strlen(b));
            n += strlen(b);
        } else if (k < nbits + 4) {
            size_t len;
            plant(s, out + n, &len);
            n += len;
            out[n++] = ' ';
        } else if (k < nbits + 5) {
            size_t run = 2000 + test_rng(s) % 2000;
            digits(s, out + n, run);
            n += run;
        } else if (k < nbits + 6 && !*had_run) {
            *had_run = 1;
            for (size_t i = 0; i < 150; i++) { /* identifiers one after another */
                size_t len;
                plant(s, out + n, &len);
                n += len;
                out[n++] = ',';
            }
        } else if (k < nbits + 8) {
            out[n++] = '@';
            for (size_t run = 100 + test_rng(s) % 140; run > 0; run--) {
                out[n++] = "abc.-9"[test_rng(s) % 6];
            }
            out[n++] = ' ';
        } else {
            size_t len = test_rng(s) % (sizeof filler - 1);
            memcpy(out + n, filler, len);
            n += len;
        }
    }
    return n;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

typedef struct raw_ends {
    const outis_scanner *sc;
    const char *text;
    size_t n, count;
    uint64_t *ends;
} raw_ends;

static int on_raw(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                  void *ctx)
{
    (void)from, (void)flags;
    raw_ends *r = ctx;
    if (to < r->n && scan_in(r->sc->triggers[id].skip, (unsigned char)r->text[to])) {
        return 0;
    }
    r->ends = realloc(r->ends, (r->count + 1) * sizeof *r->ends);
    assert_non_null(r->ends);
    r->ends[r->count++] = (uint64_t)to << 8 | id;
    return 0;
}

/* The oracle: the registry's triggers as written, over every byte, the ends before a byte
 * outside their skip kept (what the scanner's triggers with their ends must find). */
static hs_database_t *raw_triggers(const outis_scanner *sc)
{
    const char *exprs[256];
    unsigned ids[256];
    assert_true(sc->trigger_count <= 256);
    for (size_t k = 0; k < sc->trigger_count; k++) {
        exprs[k] = sc->triggers[k].regex, ids[k] = (unsigned)k;
    }
    hs_database_t *db = NULL;
    hs_compile_error_t *cerr = NULL;
    assert_int_equal(hs_compile_multi(exprs, NULL, ids, (unsigned)sc->trigger_count, HS_MODE_BLOCK,
                                      NULL, &db, &cerr),
                     HS_SUCCESS);
    return db;
}

static void test_windows(void **state)
{
    (void)state;
    outis_scanner *sc = scanner_with(NULL, 0, 0, 0);
    seen_list *a = calloc(1, sizeof *a), *c = calloc(1, sizeof *c);
    char *text = malloc(60000);
    size_t total = 0, findings = 0;
    hs_database_t *raw_db = raw_triggers(sc);
    hs_scratch_t *scratch = NULL;
    assert_int_equal(hs_alloc_scratch(raw_db, &scratch), HS_SUCCESS);
    for (uint64_t seed = 1; seed <= 150; seed++) {
        uint64_t s = seed * 7919;
        size_t n = trigger_text(&s, text, 12000 + (seed % 5) * 6000);
        uint64_t *win = NULL, *full = NULL;
        size_t nwin = 0, nfull = 0;
        assert_int_equal(scan_trigger_ends(&win, &nwin, NULL, sc, text, n, 0, NULL), 0);
        assert_int_equal(scan_trigger_ends(&full, &nfull, NULL, sc, text, n, 1, NULL), 0);
        qsort(win, nwin, sizeof *win, cmp_u64); /* ends in order; ids at one end in any */
        qsort(full, nfull, sizeof *full, cmp_u64);
        raw_ends raw = {sc, text, n, 0, NULL};
        assert_int_equal(hs_scan(raw_db, text, (unsigned)n, 0, scratch, on_raw, &raw), HS_SUCCESS);
        qsort(raw.ends, raw.count, sizeof *raw.ends, cmp_u64);
        assert_int_equal(nfull, raw.count);
        assert_memory_equal(full, raw.ends, nfull * sizeof *full);
        free(raw.ends);
        for (size_t i = 0; i < nfull && i < nwin; i++) {
            if (win[i] != full[i]) {
                fail_msg("seed %llu: trigger end %zu is %llu (id %u), expected %llu (id %u)",
                         (unsigned long long)seed, i, (unsigned long long)(win[i] >> 8),
                         (unsigned)(win[i] & 255), (unsigned long long)(full[i] >> 8),
                         (unsigned)(full[i] & 255));
            }
        }
        assert_int_equal(nwin, nfull);
        total += nfull;
        free(win);
        const int best = sc->simd; /* the other anchor tests the CPU has find the same */
        for (int simd = SCAN_SIMD_SSE2; simd < best; simd++) {
            sc->simd = simd;
            assert_int_equal(scan_trigger_ends(&win, &nwin, NULL, sc, text, n, 0, NULL), 0);
            qsort(win, nwin, sizeof *win, cmp_u64);
            assert_int_equal(nwin, nfull);
            assert_memory_equal(win, full, nfull * sizeof *win);
            free(win);
        }
        sc->simd = best;
        free(full);
        /* and a stream cut anywhere finds what the buffer does */
        scan_block(sc, text, n, a, NULL);
        scan_stream(sc, text, n, 1 + seed % 300, c, NULL);
        assert_same(a, c, 1 + seed % 300);
        findings += a->n;
    }
    assert_true(total > 50000 && findings > 1000);
    hs_free_scratch(scratch);
    hs_free_database(raw_db);
    free(text);
    free(a);
    free(c);
    outis_scanner_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mixed_text),
        cmocka_unit_test(test_lead_words),
        cmocka_unit_test(test_filter_and_values),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_stream_pieces),
        cmocka_unit_test(test_file_streams),
        cmocka_unit_test(test_tree),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_registry),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_planted),
        cmocka_unit_test(test_windows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
