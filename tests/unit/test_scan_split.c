/* test_scan_split.c - a large file scanned in pieces on several threads (split.c) gives the
 * findings, lines, columns, counts and file info of one scan of the whole file: a generated
 * text of a few MB with planted identifiers, invalid UTF-8 and a line longer than the margin
 * read around each piece, cut into 1 to 8 pieces on 1 to 4 threads; and outis_scan_path on a
 * file long enough to be split. */
#include "testutil.h"

#include "outis/scan.h"
#include "scan/scan_int.h"
#include "util/bytes.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define TODAY 20250101

/* A finding kept past its callback: its borrowed strings are not. */
typedef outis_finding found;

typedef struct found_list {
    found *v;
    size_t n, cap;
    uint64_t last_offset;
    size_t files; /* on_file calls */
    outis_scan_file_info info;
} found_list;

static int collect(const outis_finding *f, void *payload)
{
    found_list *l = payload;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 4096;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        assert_non_null(l->v);
    }
    assert_true(l->n == 0 || f->offset > l->last_offset); /* in order, each once */
    l->last_offset = f->offset;
    found *x = &l->v[l->n++];
    *x = *f;
    x->source = x->value = NULL;
    return 0;
}

static int on_file(const outis_scan_file_info *info, void *payload)
{
    found_list *l = payload;
    l->files++;
    l->info = *info;
    return 0;
}

static void assert_same(const found_list *a, const found_list *b, size_t pieces)
{
    if (a->n != b->n) {
        fail_msg("%zu pieces: %zu findings, expected %zu", pieces, b->n, a->n);
    }
    for (size_t i = 0; i < a->n; i++) {
        const found *x = &a->v[i], *y = &b->v[i];
        if (x->entity != y->entity || x->offset != y->offset || x->length != y->length ||
            x->line != y->line || x->column != y->column || x->confidence != y->confidence ||
            x->verdict != y->verdict || x->has_context != y->has_context ||
            strcmp(x->preview, y->preview) != 0) {
            fail_msg("%zu pieces: finding %zu differs (offset %llu line %llu, expected %llu "
                     "line %llu)",
                     pieces, i, (unsigned long long)y->offset, (unsigned long long)y->line,
                     (unsigned long long)x->offset, (unsigned long long)x->line);
        }
    }
}

static void assert_same_stats(const outis_scan_stats *a, const outis_scan_stats *b)
{
    assert_int_equal(a->bytes, b->bytes);
    assert_int_equal(a->files, b->files);
    assert_int_equal(a->files_invalid_utf8, b->files_invalid_utf8);
    assert_int_equal(a->invalid_utf8, b->invalid_utf8);
    assert_int_equal(a->findings, b->findings);
    assert_memory_equal(a->by_entity, b->by_entity, sizeof a->by_entity);
}

static const char *const lines[] = {
    "身份证号：11010519491231002X，手机 13812345678。",
    "订单号 360426199101020095 已发货，随机数 12012345678 不是手机。",
    "QQ: 87654321 and 邮编 100020",
    "Email: li.wei@example.com, IP 192.168.1.10, MAC 00:1A:2B:3C:4D:5E",
    "姓名：张三丰，地址：北京市朝阳区建国路88号",
    "IBAN GB82 WEST 1234 5698 7654 32 and card 4111 1111 1111 1111.",
    "the report is ready 报告已经完成，请查收附件 v1.2 ok",
    "bad bytes \xff\xfe here and a cut character \xe4\xb8",
    "生日 1990-05-17, tel +86 138 1234 5678, 车牌 粤B12345",
    "",
};

/* About `size` bytes of lines drawn at random, with one line longer than SPLIT_MARGIN in the
 * middle, so that a cut finds no line end near it. */
static char *gen_text(uint64_t seed, size_t size, size_t *len)
{
    char *t = malloc(size + 200000);
    size_t n = 0;
    uint64_t s = seed;
    int has_long = 0;
    while (n < size) {
        const char *l = lines[test_rng(&s) % (sizeof lines / sizeof lines[0])];
        memcpy(t + n, l, strlen(l));
        n += strlen(l);
        if (!has_long && n > size / 2) {
            for (size_t k = 0; k < 150000; k++) {
                t[n++] = "ab 1 2"[k % 6];
            }
            has_long = 1;
        }
        t[n++] = test_rng(&s) % 7 ? '\n' : ' ';
    }
    *len = n;
    return t;
}

static outis_scanner *new_scanner(void)
{
    outis_scanner_options o = OUTIS_SCANNER_OPTIONS_INIT;
    o.today = TODAY;
    o.chunk_size = 100000; /* not a divisor of anything */
    outis_scanner *sc = NULL;
    outis_error err;
    assert_int_equal(outis_scanner_new(&sc, &o, &err), 0);
    return sc;
}

/* A new temporary file holding t[0..n): its name in path (a mkstemp template). */
static void write_temp(char *path, const char *t, size_t n)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(t, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void test_pieces(void **state)
{
    (void)state;
    char path[] = "/tmp/outis_split_XXXXXX";
    size_t n;
    char *text = gen_text(1, (size_t)3 << 20, &n);
    write_temp(path, text, n);
    outis_scanner *sc = new_scanner();
    outis_error err;
    found_list whole = {0};
    outis_scan_stats want = {0};
    outis_scan_file_info want_info;
    assert_int_equal(outis_scan_file(&want_info, &want, sc, path, collect, &whole, &err), 0);
    assert_true(whole.n > 10000);
    assert_true(want.invalid_utf8 > 0);
    for (size_t pieces = 1; pieces <= 8; pieces++) {
        found_list got = {0};
        outis_scan_stats st = {0};
        outis_scan_file_info info;
        unsigned threads = 1 + (unsigned)(pieces % 4);
        assert_int_equal(
            scan_file_split(&info, &st, sc, path, pieces, threads, collect, &got, &err), 0);
        assert_same(&whole, &got, pieces);
        assert_same_stats(&want, &st);
        assert_int_equal(info.status, OUTIS_FILE_SCANNED);
        assert_int_equal(info.bytes, want_info.bytes);
        assert_int_equal(info.findings, want_info.findings);
        assert_int_equal(info.invalid_utf8, want_info.invalid_utf8);
        free(got.v);
    }
    free(whole.v);
    free(text);
    outis_scanner_free(sc);
    unlink(path);
}

/* A file named alone and long enough is split by outis_scan_path, with on_file once. */
static void test_path_splits(void **state)
{
    (void)state;
    char path[] = "/tmp/outis_split_XXXXXX";
    size_t n;
    char *text = gen_text(2, (size_t)SCAN_SPLIT_MIN + 1000, &n);
    write_temp(path, text, n);
    outis_scanner *sc = new_scanner();
    outis_error err;
    found_list whole = {0}, got = {0};
    outis_scan_stats want = {0}, st = {0};
    assert_int_equal(outis_scan_file(NULL, &want, sc, path, collect, &whole, &err), 0);
    outis_scan_path_options po = OUTIS_SCAN_PATH_OPTIONS_INIT;
    po.threads = 2;
    po.on_file = on_file;
    assert_int_equal(outis_scan_path(&st, sc, path, &po, collect, &got, &err), 0);
    assert_same(&whole, &got, 0);
    assert_same_stats(&want, &st);
    assert_int_equal(got.files, 1);
    assert_int_equal(got.info.findings, whole.n);
    assert_int_equal(got.info.bytes, n);
    free(whole.v);
    free(got.v);
    free(text);
    outis_scanner_free(sc);
    unlink(path);
}

/* A binary file, and one that cannot be opened, as outis_scan_file reports them. */
static void test_skipped(void **state)
{
    (void)state;
    char path[] = "/tmp/outis_split_XXXXXX";
    write_temp(path, "abc\0def\n", 8);
    outis_scanner *sc = new_scanner();
    outis_error err;
    outis_scan_stats st = {0};
    outis_scan_file_info info;
    assert_int_equal(scan_file_split(&info, &st, sc, path, 4, 2, collect, NULL, &err), 0);
    assert_int_equal(info.status, OUTIS_FILE_BINARY);
    assert_int_equal(st.files_binary, 1);
    unlink(path);
    assert_int_equal(scan_file_split(&info, &st, sc, path, 4, 2, collect, NULL, &err), OUTIS_EIO);
    assert_int_equal(info.status, OUTIS_FILE_UNREADABLE);
    assert_int_equal(st.files_unreadable, 1);
    assert_string_equal(err.source, path);
    outis_scanner_free(sc);
}

/* bytes_count (the lines of each piece) against a byte-by-byte count: every length up to
 * 1,100 at every alignment within 32 bytes, and a run of 9,000 of the byte (the vector
 * loops fold their 8-bit counters every 255 rounds). */
static void test_bytes_count(void **state)
{
    (void)state;
    enum { N = 20000 };
    char *buf = malloc(N);
    assert_non_null(buf);
    srand(7);
    for (size_t i = 0; i < N; i++) {
        buf[i] = (i / 9000) % 2 ? '\n' : (char)(rand() % 4 == 0 ? '\n' : 'a' + rand() % 3);
    }
    for (size_t off = 0; off < 32; off++) {
        for (size_t n = 0; n <= 1100; n++) {
            size_t want = 0;
            for (size_t i = 0; i < n; i++) {
                want += buf[off + i] == '\n';
            }
            assert_int_equal(bytes_count(buf + off, n, '\n'), want);
        }
    }
    for (size_t n = N - 40; n <= N - 32; n++) {
        size_t want = 0;
        for (size_t i = 0; i < n; i++) {
            want += buf[i] == 'b';
        }
        assert_int_equal(bytes_count(buf, n, 'b'), want);
    }
    size_t newlines = 0;
    for (size_t i = 3; i < N; i++) {
        newlines += buf[i] == '\n';
    }
    assert_int_equal(bytes_count(buf + 3, N - 3, '\n'), newlines);
    assert_true(newlines > 9000); /* the run of 9,000 newlines was counted */
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pieces),
        cmocka_unit_test(test_path_splits),
        cmocka_unit_test(test_skipped),
        cmocka_unit_test(test_bytes_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
