// Prints its arguments and environment, then exits with the status given by --exit N.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv) {
    int status = 0;
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=%s\n", i, argv[i]);
        if (strcmp(argv[i], "--exit") == 0 && i + 1 < argc) status = atoi(argv[i + 1]);
    }
    for (char **e = environ; *e; e++) printf("env %s\n", *e);
    return status;
}
