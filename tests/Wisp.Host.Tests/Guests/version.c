/* version.c -- WAGI test guest built twice (-DVERSION=1 and 2) for the hot reload test. */
#include <stdio.h>

int main(void) {
    printf("Content-Type: text/plain\n\nversion %d\n", VERSION);
    return 0;
}
