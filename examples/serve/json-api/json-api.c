/*
 * json-api.c -- a small JSON API over WAGI: a list of items, each {"id":N,"name":"..."}.
 *
 *   GET    /api/items        200 {"items":[...]}, ordered by id
 *   POST   /api/items        body {"name":"..."} -> 201 + Location: /api/items/N, the new item;
 *                            400 for a body that is not such an object, 413 past 64 KiB
 *   GET    /api/items/N      200 the item, 404 if there is none
 *   DELETE /api/items/N      204, or 404 if there is none
 *   other methods            405 with Allow; other paths 404
 *
 * The host starts a fresh instance for every request, so nothing survives in
 * linear memory: the items live as files in the writable directory the host
 * preopens as /data, one file per item (N.json). Concurrent requests need no
 * lock: a new item is written in full to a private temporary file and then
 * hard-linked to N.json, which fails with EEXIST if another request claimed N
 * first (then N+1 is tried). Readers therefore never see half-written items.
 * The id is one more than the highest present, so deleting the highest item
 * frees its id for the next POST.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DATA_DIR "/data"
#define MAX_BODY (64 * 1024)
#define MAX_NAME 200
#define MAX_ITEM 2048

static void respond(const char *status, const char *extra_headers, const char *body) {
    printf("Status: %s\n", status);
    if (extra_headers) fputs(extra_headers, stdout);
    if (body) printf("Content-Type: application/json\n\n%s\n", body);
    else fputs("\n", stdout);
}

static void put_json_string(char *out, size_t size, const char *s);

static void error(const char *status, const char *message) {
    char quoted[256], body[300];
    put_json_string(quoted, sizeof quoted, message);
    snprintf(body, sizeof body, "{\"error\":%s}", quoted);
    respond(status, NULL, body);
}

/* ---- request body: a flat JSON object with a "name" string ---- */

static const char *skip_ws(const char *p) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    return p;
}

static void put_utf8(char *out, size_t *n, unsigned cp) {
    if (cp < 0x80) out[(*n)++] = (char)cp;
    else if (cp < 0x800) {
        out[(*n)++] = (char)(0xC0 | cp >> 6);
        out[(*n)++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out[(*n)++] = (char)(0xE0 | cp >> 12);
        out[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[(*n)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        out[(*n)++] = (char)(0xF0 | cp >> 18);
        out[(*n)++] = (char)(0x80 | (cp >> 12 & 0x3F));
        out[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[(*n)++] = (char)(0x80 | (cp & 0x3F));
    }
}

static int hex4(const char *p, unsigned *value) {
    *value = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                   : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                   : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16u;
        if (d == 16) return 0;
        *value = *value << 4 | d;
    }
    return 1;
}

/* Parses the JSON string at p (at its opening quote) into out (UTF-8, at most
   size-1 bytes); returns the position after the closing quote, or NULL. */
static const char *parse_string(const char *p, char *out, size_t size) {
    if (*p++ != '"') return NULL;
    size_t n = 0;
    while (*p != '"') {
        if (n + 4 >= size || (unsigned char)*p < 0x20) return NULL;
        if (*p != '\\') {
            out[n++] = *p++;
            continue;
        }
        p++;
        switch (*p) {
        case '"': case '\\': case '/': out[n++] = *p; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u': {
            unsigned cp, low;
            if (!hex4(p + 1, &cp)) return NULL;
            p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) { /* a surrogate pair */
                if (p[1] != '\\' || p[2] != 'u' || !hex4(p + 3, &low) || low < 0xDC00 || low > 0xDFFF) return NULL;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                p += 6;
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) return NULL;
            put_utf8(out, &n, cp);
            break;
        }
        default: return NULL;
        }
        p++;
    }
    out[n] = '\0';
    return p + 1;
}

/* Skips a scalar JSON value (number, true, false, null); nested values are refused. */
static const char *skip_scalar(const char *p) {
    const char *start = p;
    while (*p && strchr("+-.0123456789eEtrufalsn", *p)) p++;
    return p > start ? p : NULL;
}

/* Reads {"name": "..."} (other members with string or scalar values are ignored). */
static int parse_item_body(const char *body, char *name, size_t size) {
    char key[64], scratch[MAX_NAME + 8];
    int found = 0;
    const char *p = skip_ws(body);
    if (*p++ != '{') return 0;
    p = skip_ws(p);
    if (*p == '}') return 0;
    for (;;) {
        if (!(p = parse_string(p, key, sizeof key))) return 0;
        p = skip_ws(p);
        if (*p++ != ':') return 0;
        p = skip_ws(p);
        if (strcmp(key, "name") == 0) {
            if (!(p = parse_string(p, name, size))) return 0;
            found = 1;
        } else if (*p == '"') {
            if (!(p = parse_string(p, scratch, sizeof scratch))) return 0;
        } else if (!(p = skip_scalar(p))) return 0;
        p = skip_ws(p);
        if (*p == ',') { p = skip_ws(p + 1); continue; }
        if (*p++ != '}') return 0;
        return found && *skip_ws(p) == '\0' && name[0] != '\0';
    }
}

static void put_json_string(char *out, size_t size, const char *s) {
    size_t n = 0;
    out[n++] = '"';
    for (; *s && n + 8 < size; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') { out[n++] = '\\'; out[n++] = (char)c; }
        else if (c < 0x20) n += (size_t)snprintf(out + n, size - n, "\\u%04x", c);
        else out[n++] = (char)c;
    }
    out[n++] = '"';
    out[n] = '\0';
}

/* ---- storage: /data/N.json ---- */

static int parse_id(const char *s, long *id) {
    char *end;
    if (*s < '1' || *s > '9') return 0;
    errno = 0;
    *id = strtol(s, &end, 10);
    return errno == 0 && *id > 0 && *id < 1000000000 && (*end == '\0' || strcmp(end, ".json") == 0);
}

static int read_item(long id, char *out, size_t size) {
    char path[64];
    snprintf(path, sizeof path, DATA_DIR "/%ld.json", id);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(out, 1, size - 1, f);
    fclose(f);
    out[n] = '\0';
    return n > 0;
}

static int compare_ids(const void *a, const void *b) {
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* The ids present, sorted; returns how many (at most max), or -1. */
static long list_ids(long *ids, long max) {
    DIR *dir = opendir(DATA_DIR);
    if (!dir) return -1;
    long count = 0, id;
    struct dirent *entry;
    while ((entry = readdir(dir)) && count < max)
        if (parse_id(entry->d_name, &id)) ids[count++] = id;
    closedir(dir);
    qsort(ids, (size_t)count, sizeof *ids, compare_ids);
    return count;
}

static void get_all(void) {
    static long ids[4096];
    static char item[MAX_ITEM];
    long count = list_ids(ids, 4096);
    if (count < 0) { error("500 Internal Server Error", "no data directory"); return; }
    fputs("Status: 200 OK\nContent-Type: application/json\n\n{\"items\":[", stdout);
    int first = 1;
    for (long i = 0; i < count; i++) {
        if (!read_item(ids[i], item, sizeof item)) continue; /* deleted meanwhile */
        printf("%s%s", first ? "" : ",", item);
        first = 0;
    }
    fputs("]}\n", stdout);
}

static void create(void) {
    static char body[MAX_BODY + 1];
    const char *length = getenv("CONTENT_LENGTH");
    /* without CONTENT_LENGTH (a chunked body), read one byte past the limit to notice a larger body */
    long want = length && *length ? strtol(length, NULL, 10) : MAX_BODY + 1;
    size_t got = want > MAX_BODY ? 0 : fread(body, 1, (size_t)want, stdin);
    if (want > MAX_BODY && !(length && *length)) got = fread(body, 1, MAX_BODY + 1, stdin);
    if (want > MAX_BODY && (length && *length ? 1 : got > MAX_BODY)) {
        error("413 Content Too Large", "the body is over 64 KiB");
        return;
    }
    body[got] = '\0';
    if (strlen(body) != got) { error("400 Bad Request", "expected {\"name\": \"...\"}"); return; }

    char name[MAX_NAME + 1], quoted[MAX_NAME * 6 + 3], item[MAX_ITEM];
    if (!parse_item_body(body, name, sizeof name)) {
        error("400 Bad Request", "expected {\"name\": \"...\"} with a name of 1 to 200 bytes");
        return;
    }
    put_json_string(quoted, sizeof quoted, name);

    static long ids[4096];
    long count = list_ids(ids, 4096);
    if (count < 0) { error("500 Internal Server Error", "no data directory"); return; }
    long id = count > 0 ? ids[count - 1] + 1 : 1;

    unsigned char nonce[8];
    char temp[64], final[64];
    if (getentropy(nonce, sizeof nonce) != 0) { error("500 Internal Server Error", "no randomness"); return; }
    snprintf(temp, sizeof temp, DATA_DIR "/.tmp-%02x%02x%02x%02x%02x%02x%02x%02x", nonce[0], nonce[1],
             nonce[2], nonce[3], nonce[4], nonce[5], nonce[6], nonce[7]);

    for (int attempt = 0; attempt < 100; attempt++, id++) {
        int size = snprintf(item, sizeof item, "{\"id\":%ld,\"name\":%s}", id, quoted);
        int fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC, 0644);
        if (fd < 0) break;
        int written = write(fd, item, (size_t)size) == size;
        close(fd);
        snprintf(final, sizeof final, DATA_DIR "/%ld.json", id);
        int linked = written && link(temp, final) == 0;
        int taken = !linked && errno == EEXIST;
        unlink(temp);
        if (linked) {
            char location[96];
            snprintf(location, sizeof location, "Location: /api/items/%ld\n", id);
            respond("201 Created", location, item);
            return;
        }
        if (!taken) break;
    }
    error("500 Internal Server Error", "cannot store the item");
}

static void get_one(long id) {
    char item[MAX_ITEM];
    if (read_item(id, item, sizeof item)) respond("200 OK", NULL, item);
    else error("404 Not Found", "no such item");
}

static void delete_one(long id) {
    char path[64];
    snprintf(path, sizeof path, DATA_DIR "/%ld.json", id);
    if (unlink(path) == 0) respond("204 No Content", NULL, NULL);
    else if (errno == ENOENT) error("404 Not Found", "no such item");
    else error("500 Internal Server Error", "cannot delete the item");
}

int main(void) {
    const char *method = getenv("REQUEST_METHOD");
    const char *script = getenv("SCRIPT_NAME");
    const char *info = getenv("PATH_INFO");
    char path[1024];
    /* the route may be mounted with a prefix (SCRIPT_NAME) or not: match on the whole path */
    snprintf(path, sizeof path, "%s%s", script ? script : "", info ? info : "");
    if (!method) method = "";

    const char *rest = strstr(path, "/api/items");
    if (!rest) { error("404 Not Found", "no such route"); return 0; }
    rest += strlen("/api/items");
    if (*rest == '/' && rest[1] == '\0') rest++;

    if (*rest == '\0') {
        if (strcmp(method, "GET") == 0) get_all();
        else if (strcmp(method, "POST") == 0) create();
        else respond("405 Method Not Allowed", "Allow: GET, POST\n", "{\"error\":\"method not allowed\"}");
    } else {
        long id;
        if (*rest != '/' || !parse_id(rest + 1, &id) || strchr(rest + 1, '.')) {
            error("404 Not Found", "no such item");
        } else if (strcmp(method, "GET") == 0) get_one(id);
        else if (strcmp(method, "DELETE") == 0) delete_one(id);
        else respond("405 Method Not Allowed", "Allow: GET, DELETE\n", "{\"error\":\"method not allowed\"}");
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
