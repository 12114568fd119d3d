/* vocab_int.h - the keyword tables of vocab.c, generated into vocab_data.c by
 * scripts/gen_scan_vocab.py: sorted by (length, bytes), with the first index of each length. */
#ifndef OUTIS_SCAN_VOCAB_INT_H
#define OUTIS_SCAN_VOCAB_INT_H

#include <stddef.h>
#include <stdint.h>

typedef struct scan_word {
    const char *s;
    uint8_t len;
    uint8_t what;     /* 1 + enum scan_field or enum scan_category */
    uint8_t strength; /* enum scan_strength */
    uint8_t part;     /* also counts inside a longer text */
} scan_word;

typedef struct scan_vocab {
    const scan_word *words;
    const uint16_t *by_len; /* words of length L are words[by_len[L] .. by_len[L + 1]) */
    size_t maxlen;
} scan_vocab;

extern const scan_vocab scan_vocab_fields;      /* header keywords of entities */
extern const scan_vocab scan_vocab_cat_headers; /* header keywords of sensitive categories */
extern const scan_vocab scan_vocab_cat_values;  /* value words of sensitive categories */

#endif
