/* huge.c -- WAGI test guest: writes MIB mebibytes of 'x' (first argument "mib=N", default 8),
 * 64 KiB per write, after a text/plain header. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char chunk[64 * 1024];

int main(int argc, char **argv) {
    long mib = 8;
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], "mib=", 4) == 0) mib = atol(argv[i] + 4);
    memset(chunk, 'x', sizeof chunk);
    printf("Content-Type: text/plain\n\n");
    fflush(stdout);
    for (long i = 0; i < mib * 16; i++)
        if (write(1, chunk, sizeof chunk) != (ssize_t)sizeof chunk) return 1;
    return 0;
}
