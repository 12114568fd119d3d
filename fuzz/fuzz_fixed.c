/* fuzz_fixed.c - the fixed-point decimal parser of outis dp (src/dp/fixed.c) on arbitrary
 * text: it never reads outside the input, and whatever it accepts survives a round trip
 * through fixed_format at every scale. */
#include "dp/fixed.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1); /* exactly size bytes are readable before the NUL */
    if (text == NULL) {
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    for (int gexp = -12; gexp <= 12; gexp += 3) {
        int64_t v, w;
        if (fixed_parse(&v, text, size, gexp) != 0) {
            continue;
        }
        if (v > FIXED_LIMIT || v < -FIXED_LIMIT) {
            abort();
        }
        char buf[64];
        fixed_format(buf, sizeof buf, v, gexp);
        if (fixed_parse(&w, buf, strlen(buf), gexp) != 0 || w != v) {
            abort();
        }
    }
    free(text);
    return 0;
}
