/*
 * trap.c -- a WAGI guest that starts a response and then traps (wasm
 * `unreachable`). The host must answer 500 with a generic body, never the
 * half-written output, and log the trap.
 */
#include <stdio.h>

int main(void) {
    fputs("Content-Type: text/plain\n\nthis partial output must not reach the client\n", stdout);
    fflush(stdout);
    __builtin_trap();
}
