/* tests/bench/csvref.c — the reference pass of the benchmark: libcsv's parser with empty
   callbacks over one file, on one core: what any libcsv-based reader cannot beat per core.
   The file is read with fread in 1 MiB blocks (as a plain libcsv program would), timed
   from open to the end. Usage: csvref FILE → prints "bytes wall_seconds cpu_seconds". */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void on_field(void *s, size_t n, void *data) { (void)s; (void)n; (*(size_t *)data)++; }
static void on_record(int c, void *data) { (void)c; (*(size_t *)data)++; }

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: csvref FILE\n");
        return 64;
    }
    struct timespec t0, t1, c0, c1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 66;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return 70;
    static char chunk[1 << 20];
    size_t n, total = 0, count = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (csv_parse(&p, chunk, n, on_field, on_record, &count) != n) {
            fprintf(stderr, "csvref: %s\n", csv_strerror(csv_error(&p)));
            return 65;
        }
        total += n;
    }
    if (csv_fini(&p, on_field, on_record, &count) != 0) {
        fprintf(stderr, "csvref: %s\n", csv_strerror(csv_error(&p)));
        return 65;
    }
    csv_free(&p);
    fclose(f);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    printf("%zu %.3f %.3f\n", total,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
           (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9);
    return 0;
}
