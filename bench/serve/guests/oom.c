/*
 * oom.c -- a WAGI guest that allocates (and touches) memory until it cannot,
 * then aborts (a trap). With the host's `max_memory` limit, memory.grow fails
 * at that limit, malloc returns NULL and the guest dies; the host must answer
 * 500 and give the memory back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the blocks stay reachable from here, so the compiler cannot drop the allocations */
void *volatile newest_block;

int main(void) {
    size_t total = 0;
    for (;;) {
        char *block = malloc(1 << 20);
        if (!block) {
            fprintf(stderr, "oom: out of memory after %zu MiB\n", total >> 20);
            abort();
        }
        memset(block, 0xA5, 1 << 20); /* touch every page, so the host really commits it */
        *(void **)block = newest_block;
        newest_block = block;
        total += 1 << 20;
    }
}
