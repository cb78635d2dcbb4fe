/* loop.c -- WAGI test guest: never ends (the host's deadline must interrupt it). */
#include <stdio.h>

volatile unsigned long spins;

int main(void) {
    printf("Content-Type: text/plain\n\n");
    for (;;) spins++;
}
