/* memhog.c -- WAGI test guest: allocates 1 MiB blocks, touching each, until malloc fails; then
 * aborts (a trap), as a C program out of memory would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    for (int i = 0; i < 1 << 16; i++) {
        char *p = malloc(1 << 20);
        if (!p) abort();
        memset(p, i, 1 << 20);
    }
    printf("Content-Type: text/plain\n\nnever ran out\n");
    return 0;
}
