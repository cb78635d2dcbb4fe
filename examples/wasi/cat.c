// Copies each file named on the command line, or stdin if none, to stdout; reports the byte count on stderr.
#include <stdio.h>

static long copy(FILE *in) {
    char buffer[4096];
    long total = 0;
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, in)) > 0) {
        fwrite(buffer, 1, n, stdout);
        total += (long)n;
    }
    return total;
}

int main(int argc, char **argv) {
    long total = 0;
    if (argc < 2) total = copy(stdin);
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { perror(argv[i]); return 1; }
        total += copy(f);
        fclose(f);
    }
    fflush(stdout);
    fprintf(stderr, "%ld bytes\n", total);
    return 0;
}
