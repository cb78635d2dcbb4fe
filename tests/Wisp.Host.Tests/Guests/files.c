/* files.c -- WAGI test guest: prints /data/hello.txt from a preopened directory, then tries to
 * create /data/new.txt and says whether it could. */
#include <stdio.h>

int main(void) {
    printf("Content-Type: text/plain\n\n");
    FILE *f = fopen("/data/hello.txt", "r");
    if (!f) { printf("cannot open /data/hello.txt\n"); return 0; }
    char line[256];
    while (fgets(line, sizeof line, f)) fputs(line, stdout);
    fclose(f);
    FILE *w = fopen("/data/new.txt", "w");
    printf("write=%s\n", w ? "allowed" : "refused");
    if (w) fclose(w);
    return 0;
}
