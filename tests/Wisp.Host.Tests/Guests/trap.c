/* trap.c -- WAGI test guest: writes part of a response, then traps (unreachable). */
#include <stdio.h>

__attribute__((noinline)) static void fail_deep_inside(void) { __builtin_trap(); }

int main(void) {
    printf("Content-Type: text/plain\n\npartial output");
    fflush(stdout);
    fail_deep_inside();
    return 0;
}
