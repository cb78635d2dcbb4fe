/* memhog.c -- WAGI test guest: allocates 1 MiB blocks, touching each, until malloc fails; then
 * aborts (a trap), as a C program out of memory would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *volatile blocks[1 << 12];

int main(void) {
    for (int i = 0; i < 1 << 12; i++) {
        blocks[i] = malloc(1 << 20);
        if (!blocks[i]) abort();
        memset(blocks[i], i, 1 << 20);
    }
    printf("Content-Type: text/plain\n\nnever ran out: %d\n", blocks[17][5]);
    return 0;
}
