/* detectors.h - the registry of personal-data detectors: one constant entry per entity, with
 * the Hyperscan patterns that find where its values end (or the words its values follow),
 * the bytes a value may hold and may not touch, its validator, context keywords and
 * confidences, and how a preview masks it. Adding a detector is adding one entry to
 * scan_detectors in detectors.c. */
#ifndef OUTIS_SCAN_DETECTORS_H
#define OUTIS_SCAN_DETECTORS_H

#include <stddef.h>
#include <stdint.h>

#include "outis/scan.h"

#define SCAN_MAX_PATTERNS 8
/* The longest value of any detector, in bytes: how far a match's start is searched back. */
#define SCAN_MAX_LEN 256
/* How far before a value its context keyword may end (bytes, same line). */
#define SCAN_CONTEXT_BEFORE 64

/* How a preview hides a value (scan_mask). */
enum scan_mask_style {
    SCAN_MASK_ID,     /* first 6 and last 4 letters or digits: 110105********002X */
    SCAN_MASK_MIDDLE, /* first 2 and last 2 (1 and 1 when short): E1*****78 */
    SCAN_MASK_TAIL4,  /* last 4 only: ***-**-6789 */
    SCAN_MASK_PHONE,  /* the 4 digits before the last 4: 138****5678 */
    SCAN_MASK_EMAIL,  /* first character of the local part: a***@example.com */
    SCAN_MASK_NAME,   /* the first character: 张** */
    SCAN_MASK_PLATE,  /* province character and letter: 粤B***** */
    SCAN_MASK_PLACE,  /* the first 6 characters: 北京市朝阳区****** */
    SCAN_MASK_NET,    /* after the second separator: 192.168.*.*** */
    SCAN_MASK_MAC,    /* after the third separator: 00:1A:2B:**:**:** */
    SCAN_MASK_DATE,   /* digits after the year: 1990-**-** */
    SCAN_MASK_COORD   /* digits after the first decimal: 39.9***, 116.4*** */
};

/* Where triggers can match. Every trigger's match has a byte of SCAN_ANCHORS ('0'-'9', '@',
 * '<', ':') among its first two bytes, its anchor bytes are less than 64 bytes apart
 * ("<ABCDEFGHIJKLMNOP1" of a passport's machine-readable zone), and it ends at most
 * SCAN_REACH bytes after its last anchor byte (":abcd", "1(A)", "5号"), but for a match from
 * an '@', which runs on over an e-mail address's characters ([A-Za-z0-9.-]). Text with few
 * such bytes is mostly skipped: the trigger database runs only on windows around them
 * (text.c, trigger windows). A trigger that breaks this rule is caught by test_scan_text's
 * comparison of the windows with a scan of the whole text. */
#define SCAN_REACH 5

/* One form of a detector's values. */
typedef struct scan_pattern {
    /* A Hyperscan expression over bytes (no HS_FLAG_UTF8) that matches a suffix of the value,
     * or NULL for a value that follows a lead word. Patterns are short triggers, shared by
     * detectors (equal strings are compiled once): the value's start is the longest run of
     * `chars` before the match's end that the validator accepts. One database of long
     * patterns ran at a third of the speed (bench/scan_bench.sh). */
    const char *regex;
    uint16_t min_len;      /* shortest value of this form, in bytes; 0 ends the list */
    uint16_t max_len;      /* longest, at most SCAN_MAX_LEN */
    uint8_t needs_context; /* this form only with a context keyword */
} scan_pattern;

typedef struct scan_detector {
    /* name (stable), label, kind, needs_context (reported in text only with a keyword
     * near), confidence validated without context, and with a keyword near */
    outis_entity_info info;
    /* Forms of the value, up to the first with max_len 0. Starts never fall inside a UTF-8
     * character, and neither end may touch `bound`. */
    scan_pattern patterns[SCAN_MAX_PATTERNS];
    const char *chars; /* byte ranges a value is made of ("0-9Xx"; '-' last is literal) */
    const char *bound; /* byte ranges that may not precede or follow a value */
    /* The validator: exactly one of the two is set. */
    int (*check)(const char *s, size_t n);
    int (*check_dated)(const char *s, size_t n, int today);
    /* Words a value follows ('|'-separated; one ending in ':' needs a ':' or '：' after
     * it), for values that have no shape of their own (names, WeChat IDs): after the word, an
     * optional colon and up to two spaces, the value is the run of `chars`. They are found by
     * a second, literal-only database: Chinese words among the triggers slowed the first
     * threefold. */
    const char *lead;
    /* A start never goes back over one of the keywords (addresses run on into the text
     * before them). */
    uint8_t stops_at_keyword;
    /* The validator can verify: a merely plausible value (an old 15-digit ID, a UnionPay
     * number failing Luhn) counts for less, and in text only with context, or every long
     * number starting 62 would be a card. */
    uint8_t has_checksum;
    uint8_t mask; /* enum scan_mask_style */
    /* Context keywords, '|'-separated; ASCII letters match without case, and an ASCII
     * keyword must not follow a letter ("tel" is not found in "hotel"). */
    const char *keywords;
} scan_detector;

extern const scan_detector scan_detectors[];
extern const size_t scan_detector_count;

/* Writes the masked preview of the value s[0..n) of a detector with mask style `style` to
 * out (NUL-terminated, cut at a character boundary to fit cap >= 8 bytes). */
void scan_mask(int style, const char *s, size_t n, char *out, size_t cap);

#endif
