/*
 * loop.c -- a WAGI guest that never finishes: it spins forever without
 * calling the host. Only the host's deadline (`timeout` in the manifest,
 * enforced by interrupting the guest) ends it; the host must answer 504.
 */
int main(void) {
    volatile unsigned long spins = 0; /* volatile: the loop stays a real loop */
    for (;;) spins++;
}
