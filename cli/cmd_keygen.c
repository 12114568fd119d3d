/* cmd_keygen.c - `outis keygen FILE`: a new random key for pseudonyms, encryption and date
 * shifts, written with mode 0600 and never over an existing file. */
#include "cli.h"

#include <string.h>

static const char help[] =
    "usage: outis keygen FILE\n"
    "\n"
    "Writes a new random 256-bit key to FILE (64 hex digits, mode 0600) for 'outis anonymize\n"
    "--key-file'. An existing FILE is never overwritten. Whoever holds the key can recompute\n"
    "pseudonyms and undo encryption and date shifts: keep it apart from the releases.\n"
    "\n"
    "exit status: 0 written, 2 usage, 4 the file exists or cannot be written\n";

int cmd_keygen(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(help, stdout);
        return EXIT_OK;
    }
    if (argc != 2 || argv[1][0] == '-') {
        return cli_usage_error("keygen", "one key file expected");
    }
    outis_error err;
    const int rc = outis_key_write(argv[1], &err);
    if (rc < 0) {
        cli_report(&err);
        return EXIT_SYSTEM;
    }
    return EXIT_OK;
}
