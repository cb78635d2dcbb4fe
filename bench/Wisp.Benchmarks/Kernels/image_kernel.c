// A freestanding image/signal-processing kernel for the SIMD benchmark: a float multiply-add
// filter, an integer checksum and a saturating byte blend, all loops clang vectorizes with
// -msimd128 (and leaves scalar without it). No libc: the host calls the exports directly.
#define N 4096

static float a[N], b[N], c[N];
static int x[N], y[N];
static unsigned char p[N], q[N], r[N];

void init(void) {
    for (int i = 0; i < N; i++) {
        a[i] = (float)(i % 97) * 0.25f;
        b[i] = (float)(i % 31) - 15.0f;
        x[i] = i * 2654435761u;
        y[i] = (i ^ 0x5bd1) * 40503;
        q[i] = (unsigned char)(i * 7);
        r[i] = (unsigned char)(i * 13 + 5);
    }
}

unsigned run(int iterations) {
    unsigned acc = 0;
    for (int it = 0; it < iterations; it++) {
        for (int i = 0; i < N; i++) {
            c[i] = a[i] * b[i] + c[i] * 0.5f;
        }
        for (int i = 0; i < N; i++) {
            acc += (unsigned)(x[i] * y[i]) ^ (unsigned)(x[i] >> 3);
        }
        for (int i = 0; i < N; i++) {
            unsigned s = q[i] + r[i];
            p[i] = (unsigned char)(s > 255 ? 255 : s);
        }
        for (int i = 0; i < N; i++) {
            q[i] = (unsigned char)((p[i] + q[i] + 1) >> 1);
        }
    }
    unsigned bits = 0;
    for (int i = 0; i < N; i++) {
        bits += (unsigned)(int)c[i] + p[i];
    }
    return acc + bits;
}
