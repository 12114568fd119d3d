/* error.c - error values, messages and the library's version. */
#include "error_int.h"
#include "alloc.h"
#include "outis.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *outis_strerror(int code)
{
    switch (code) {
    case OUTIS_OK:
        return "success";
    case OUTIS_ENOMEM:
        return "out of memory";
    case OUTIS_EIO:
        return "input/output error";
    case OUTIS_EPARSE:
        return "malformed input";
    case OUTIS_EINVAL:
        return "invalid argument";
    case OUTIS_ENOTFOUND:
        return "not found";
    case OUTIS_ELIMIT:
        return "limit exceeded";
    case OUTIS_ECANCELED:
        return "canceled";
    case OUTIS_EINTERNAL:
        return "internal error";
    case OUTIS_EBUSY:
        return "locked by another process";
    default:
        return "unknown error";
    }
}

const char *outis_version(void)
{
    return OUTIS_VERSION_STRING;
}

void outis_free(void *ptr)
{
    ou_free(ptr);
}

int ou_err(outis_error *err, int code, const char *fmt, ...)
{
    if (err == NULL) {
        return code;
    }
    err->code = code;
    err->line = err->column = err->offset = 0;
    err->source[0] = '\0'; /* the caller's err may hold anything: a new error has no source yet */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

void ou_err_source(outis_error *err, const char *source)
{
    if (err != NULL && err->source[0] == '\0' && source != NULL) {
        snprintf(err->source, sizeof err->source, "%s", source);
    }
}

void ou_err_at(outis_error *err, uint64_t line, uint64_t column, uint64_t offset)
{
    if (err != NULL) {
        err->line = line;
        err->column = column;
        err->offset = offset;
    }
}

int ou_nomem(outis_error *err)
{
    return ou_err(err, OUTIS_ENOMEM, "out of memory");
}

int ou_err_errno(outis_error *err, const char *what, int e)
{
    if (err == NULL) {
        return OUTIS_EIO;
    }
    char msg[128];
    if (strerror_r(e, msg, sizeof msg) != 0) { /* thread-safe, unlike strerror */
        msg[0] = '\0';
    }
    return ou_err(err, OUTIS_EIO, "%s: %s", what, msg);
}
