/* noread.c -- WAGI test guest: answers without ever reading the request body. */
#include <stdio.h>

int main(void) {
    printf("Content-Type: text/plain\n\nignored your body\n");
    return 0;
}
