/*
 * static.c -- WAGI app that serves files from the directory the host preopens
 * read-only at / (STATIC_ROOT overrides that guest path).
 *
 *   GET /css/site.css   200, the file, Content-Type from its extension
 *   GET /docs           301 to /docs/ (a directory); GET /docs/ serves docs/index.html
 *   GET /missing        404;  a path with a `..` segment 403;  dotfiles 404
 *   HEAD                the same headers, no body;  other methods 405
 *
 * Refusing `..` here is the first guard; the second is the host's WASI
 * sandbox, which never lets a path leave a preopened directory (also not
 * through symlinks), so nothing outside the served folder is reachable even
 * if this check had a hole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static unsigned char buf[64 * 1024];

struct content_type { const char *extension, *type; };

static const struct content_type types[] = {
    {"html", "text/html; charset=utf-8"}, {"htm", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},   {"js", "text/javascript; charset=utf-8"},
    {"json", "application/json"},         {"txt", "text/plain; charset=utf-8"},
    {"md", "text/markdown; charset=utf-8"}, {"svg", "image/svg+xml"},
    {"png", "image/png"},                 {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},               {"gif", "image/gif"},
    {"webp", "image/webp"},               {"ico", "image/x-icon"},
    {"wasm", "application/wasm"},         {"pdf", "application/pdf"},
    {"xml", "application/xml"},           {"woff2", "font/woff2"},
};

static const char *content_type_of(const char *path) {
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    if (dot && (!slash || dot > slash))
        for (size_t i = 0; i < sizeof types / sizeof *types; i++)
            if (strcasecmp(dot + 1, types[i].extension) == 0) return types[i].type;
    return "application/octet-stream";
}

static void page(const char *status, const char *message) {
    printf("Status: %s\nContent-Type: text/html; charset=utf-8\n\n"
           "<!doctype html><title>%s</title><h1>%s</h1>\n", status, status, message);
}

static int hex_digit(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes %XX once (hosts leave an encoded slash, %2F, encoded in PATH_INFO);
   returns 0 for a malformed escape or an encoded NUL. */
static int percent_decode(const char *in, char *out, size_t size) {
    size_t n = 0;
    for (; *in; in++) {
        if (n + 1 >= size) return 0;
        if (*in != '%') { out[n++] = *in; continue; }
        int hi = hex_digit(in[1]), lo = hi < 0 ? -1 : hex_digit(in[2]);
        if (lo < 0 || (hi == 0 && lo == 0)) return 0;
        out[n++] = (char)(hi << 4 | lo);
        in += 2;
    }
    out[n] = '\0';
    return 1;
}

/* 403 for a `..` segment, 404 for a hidden (dot) file or folder, else 0. */
static int refused_segment(const char *path) {
    for (const char *segment = path; segment; segment = strchr(segment, '/')) {
        while (*segment == '/') segment++;
        if (segment[0] == '.' && segment[1] == '.' && (segment[2] == '/' || segment[2] == '\0')) return 403;
        if (segment[0] == '.') return 404;
    }
    return 0;
}

int main(void) {
    const char *method = getenv("REQUEST_METHOD");
    const char *info = getenv("PATH_INFO");
    const char *script = getenv("SCRIPT_NAME");
    const char *root = getenv("STATIC_ROOT");
    if (!method) method = "GET";
    if (!root || !*root) root = "/";
    int head = strcmp(method, "HEAD") == 0;
    if (!head && strcmp(method, "GET") != 0) {
        printf("Status: 405 Method Not Allowed\nAllow: GET, HEAD\nContent-Type: text/plain\n\nmethod not allowed\n");
        return 0;
    }

    char path[2048], file[4096];
    if (!percent_decode(info && *info ? info : "/", path, sizeof path)) {
        page("400 Bad Request", "Malformed path");
        return 0;
    }
    int refused = refused_segment(path);
    if (refused) {
        page(refused == 403 ? "403 Forbidden" : "404 Not Found", refused == 403 ? "Forbidden" : "Not found");
        return 0;
    }
    snprintf(file, sizeof file, "%s%s%s", root, root[strlen(root) - 1] == '/' ? "" : "/", path[0] == '/' ? path + 1 : path);

    struct stat st;
    if (stat(file, &st) == 0 && S_ISDIR(st.st_mode)) {
        size_t len = strlen(path);
        if (len == 0 || path[len - 1] != '/') { /* a directory is served under its name with a slash */
            printf("Status: 301 Moved Permanently\nLocation: %s%s/\n\n", script ? script : "", info ? info : "");
            return 0;
        }
        strncat(file, "index.html", sizeof file - strlen(file) - 1);
    }
    FILE *f = fopen(file, "rb");
    if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        if (f) fclose(f);
        page("404 Not Found", "Not found");
        return 0;
    }

    printf("Content-Type: %s\n\n", content_type_of(file));
    if (!head) {
        size_t got;
        while ((got = fread(buf, 1, sizeof buf, f)) > 0)
            if (fwrite(buf, 1, got, stdout) != got) break;
    }
    int failed = ferror(f);
    fclose(f);
    return failed || fflush(stdout) != 0 ? 1 : 0;
}
