/* fuzz_fail_if.c - the --fail-if policy parser on arbitrary text. */
#include <outis.h>

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text == NULL) {
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    outis_policy *p = NULL;
    outis_error err;
    if (outis_policy_parse(&p, text, &err) == 0) {
        outis_policy_free(p);
    } else if (err.message[0] == '\0' || err.column > size + 1) {
        abort();
    }
    free(text);
    return 0;
}
