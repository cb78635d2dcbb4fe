/* env.c -- WAGI test guest: prints argv, every environment variable and a global counter
 * (always 1 when each request gets a fresh instance). */
#include <stdio.h>

extern char **environ;
static int counter;

int main(int argc, char **argv) {
    counter++;
    printf("Content-Type: text/plain\n\n");
    printf("COUNTER=%d\n", counter);
    for (int i = 0; i < argc; i++) printf("ARG%d=%s\n", i, argv[i]);
    for (char **e = environ; *e; e++) printf("%s\n", *e);
    return 0;
}
