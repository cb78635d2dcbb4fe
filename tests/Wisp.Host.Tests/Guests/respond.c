/* respond.c -- WAGI test guest: writes the CGI header lines it is given as arguments
 * (from the query string: ?Status:%20404&X-Custom:%20yes), then a blank line and "body".
 * The argument "exit=N" exits with status N after writing; "raw=TEXT" writes TEXT and nothing else. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "raw=", 4) == 0) { fputs(argv[i] + 4, stdout); return 0; }
    }
    int code = 0;
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "exit=", 5) == 0) code = atoi(argv[i] + 5);
        else printf("%s\n", argv[i]);
    }
    printf("\nbody");
    return code;
}
