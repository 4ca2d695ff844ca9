/* app/cmd_sample.c — `taizhang sample`: writes a synthetic year of ledgers.
   May call: base/status, samplegen/sample, app/cli (--year). */
#include "app/cli.h"
#include "app/cmd.h"
#include "samplegen/sample.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void sample_usage(FILE *f)
{
    fprintf(f,
            "usage: taizhang sample -o DIR [--year Y] [--seed N] [--scale K [--cities C]]\n"
            "                       [--style plain|export]\n"
            "\n"
            "Writes one year of synthetic ledgers (units.csv … results.csv) into DIR: a city of\n"
            "378 grassroots Party organizations per block, 5,700 Party members, 54 党员 and 13\n"
            "青年志愿服务队, about 1,900 volunteers, a year of demands, activities and participation.\n"
            "Same options, same bytes.\n"
            "\n"
            "  -o DIR          the ledger folder to write (created when missing; files replaced)\n"
            "  --year Y        reporting year, %d..%d (default %d)\n"
            "  --seed N        the city and its year depend only on N (default %d)\n"
            "  --scale K       K city blocks, 1..%d (default 1: about 36,000 participation rows;\n"
            "                  250: about 9.5 million, 280: about 10.6 million, for benchmarks)\n"
            "  --cities C      a province: only C city blocks of organizations, volunteers and\n"
            "                  activities, 1..K (default K), with the participation of K blocks:\n"
            "                  each activity has about K/C times the participants\n"
            "                  (--scale 290 --cities 12: about 10 million rows, 4,536 units)\n"
            "  --style S       plain: UTF-8, LF, ISO dates (default); export: as Excel/WPS exports\n"
            "                  look (GB18030 and UTF-8 with BOM, CRLF, mixed date forms, 1,200 …)\n"
            "\n"
            "exit codes: 0 done, 64 usage, 73 DIR or a file cannot be created, 74 a write failed\n",
            SAMPLE_MIN_YEAR, SAMPLE_MAX_YEAR, SAMPLE_DEFAULT_YEAR, SAMPLE_DEFAULT_SEED,
            SAMPLE_MAX_SCALE);
}

/* A whole number in [lo, hi] with nothing after it; -1 when not. */
static int parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int cmd_sample(int argc, char **argv)
{
    sample_options opt;
    sample_options_init(&opt);
    const char *dir = NULL;
    const char *cities_arg = NULL;
    cli_common common;
    cli_common_init(&common);
    cli_take t;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t v;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            sample_usage(stdout);
            return TZ_OK;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (!val || !*val)
                goto missing;
            dir = val;
            i++;
        } else if ((t = cli_take_common("sample", CLI_YEAR, argc, argv, &i, &common)) !=
                   CLI_NOT_MINE) {
            if (t == CLI_BAD)
                return TZ_USAGE;
            if (common.year < SAMPLE_MIN_YEAR || common.year > SAMPLE_MAX_YEAR) {
                fprintf(stderr, "taizhang: sample: 样例台账只能生成 %d 至 %d 年的，--year %d 不行\n",
                        SAMPLE_MIN_YEAR, SAMPLE_MAX_YEAR, common.year);
                return TZ_USAGE;
            }
            opt.year = common.year;
        } else if (strcmp(a, "--seed") == 0) {
            if (parse_u64(val, 0, UINT64_MAX, &v) != 0) {
                fprintf(stderr, "taizhang: sample: --seed 须为非负整数，而不是 \"%s\" "
                        "(--seed must be a whole number)\n", val ? val : "");
                return TZ_USAGE;
            }
            opt.seed = v;
            i++;
        } else if (strcmp(a, "--scale") == 0) {
            if (parse_u64(val, 1, SAMPLE_MAX_SCALE, &v) != 0) {
                fprintf(stderr, "taizhang: sample: --scale 须为 1 至 %d 的整数，而不是 \"%s\" "
                        "(--scale must be 1..%d)\n", SAMPLE_MAX_SCALE, val ? val : "",
                        SAMPLE_MAX_SCALE);
                return TZ_USAGE;
            }
            opt.scale = (uint32_t)v;
            i++;
        } else if (strcmp(a, "--cities") == 0) {
            if (parse_u64(val, 1, SAMPLE_MAX_SCALE, &v) != 0) {
                fprintf(stderr, "taizhang: sample: --cities 须为 1 至 %d 的整数，而不是 \"%s\" "
                        "(--cities must be 1..%d)\n", SAMPLE_MAX_SCALE, val ? val : "",
                        SAMPLE_MAX_SCALE);
                return TZ_USAGE;
            }
            opt.cities = (uint32_t)v;
            cities_arg = val;
            i++;
        } else if (strcmp(a, "--style") == 0) {
            if (val && strcmp(val, "plain") == 0)
                opt.style = SAMPLE_PLAIN;
            else if (val && strcmp(val, "export") == 0)
                opt.style = SAMPLE_EXPORT;
            else {
                fprintf(stderr, "taizhang: sample: --style 须为 plain 或 export，而不是 \"%s\" "
                        "(--style must be plain or export)\n", val ? val : "");
                return TZ_USAGE;
            }
            i++;
        } else {
            fprintf(stderr, "taizhang: sample: 未知选项 \"%s\"（见 taizhang sample --help）\n", a);
            sample_usage(stderr);
            return TZ_USAGE;
        }
        continue;
    missing:
        fprintf(stderr, "taizhang: sample: %s 后须跟输出目录\n", a);
        return TZ_USAGE;
    }
    if (!dir) {
        fprintf(stderr, "taizhang: sample: 须用 -o 目录 指定输出目录\n");
        sample_usage(stderr);
        return TZ_USAGE;
    }
    if (opt.cities > opt.scale) {
        fprintf(stderr, "taizhang: sample: --cities %s 不能大于 --scale %" PRIu32 "：城市数须为 1 至 "
                "--scale 的整数 (--cities must be 1..K, K the --scale)\n", cities_arg, opt.scale);
        return TZ_USAGE;
    }
    sample_counts counts;
    const char *err = NULL;
    errno = 0;
    tz_status s = sample_write(dir, &opt, &counts, &err);
    if (s != TZ_OK) {
        int sys = (s == TZ_CANTCREAT || s == TZ_IOERR) && errno;
        fprintf(stderr, "taizhang: sample: %s: %s%s%s\n", dir, err ? err : "失败",
                sys ? ": " : "", sys ? strerror(errno) : "");
        return s;
    }
    fprintf(stderr, "taizhang: sample: %s：单位 %" PRIu64 " 个，服务队 %" PRIu64 " 支，志愿者 %" PRIu64
            " 人，需求 %" PRIu64 " 项，活动 %" PRIu64 " 次，参与记录 %" PRIu64
            " 条，成果 %" PRIu64 " 条\n", dir, counts.units, counts.teams,
            counts.volunteers, counts.demands, counts.activities, counts.participation,
            counts.results);
    return TZ_OK;
}
