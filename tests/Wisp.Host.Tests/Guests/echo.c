/* echo.c -- WAGI test guest: copies the request body (stdin, to end of file) to the response,
 * 64 KiB at a time, with Content-Type from CONTENT_TYPE. */
#include <stdio.h>
#include <stdlib.h>

static unsigned char buf[64 * 1024];

int main(void) {
    const char *type = getenv("CONTENT_TYPE");
    printf("Content-Type: %s\n\n", type && *type ? type : "application/octet-stream");
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, stdin)) > 0) fwrite(buf, 1, got, stdout);
    return ferror(stdin) ? 1 : 0;
}
