/* tests/bench/csvref.c — the reference pass of the benchmark: libcsv's parser with empty
   callbacks over the given files, one after the other, on one core: what any libcsv-based
   reader cannot beat per core. Each file is read with fread in 1 MiB blocks (as a plain
   libcsv program would), timed from the first open to the last close.
   Usage: csvref FILE... → prints "bytes wall_seconds cpu_seconds" (all files together). */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void on_field(void *s, size_t n, void *data) { (void)s; (void)n; (*(size_t *)data)++; }
static void on_record(int c, void *data) { (void)c; (*(size_t *)data)++; }

/* Parses one file; adds its bytes to *total. Returns 0, or an exit code. */
static int parse_file(const char *path, size_t *total, size_t *count)
{
    static char chunk[1 << 20];
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 66;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        fclose(f);
        return 70;
    }
    size_t n;
    int rc = 0;
    while (rc == 0 && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (csv_parse(&p, chunk, n, on_field, on_record, count) != n)
            rc = 65;
        *total += n;
    }
    if (rc == 0 && csv_fini(&p, on_field, on_record, count) != 0)
        rc = 65;
    if (rc)
        fprintf(stderr, "csvref: %s: %s\n", path, csv_strerror(csv_error(&p)));
    csv_free(&p);
    fclose(f);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: csvref FILE...\n");
        return 64;
    }
    struct timespec t0, t1, c0, c1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    size_t total = 0, count = 0;
    for (int i = 1; i < argc; i++) {
        int rc = parse_file(argv[i], &total, &count);
        if (rc)
            return rc;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    printf("%zu %.3f %.3f\n", total,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
           (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9);
    return 0;
}
