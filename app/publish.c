/* app/publish.c — lock, temporary folder, manifest, commit for `run` (publish.h).
   May call: base/ (all), output/outdir, output/manifest, output/plot and output/pdf (which
   font files they use), rules/rules, libc. */
#include "app/publish.h"
#include "base/buf.h"
#include "output/manifest.h"
#include "output/pdf.h"
#include "output/plot.h"
#include "pipeline/supply.h"
#include "rules/rules.h"

#include <stdio.h>
#include <stdlib.h>

/* The font files the charts and the report embedded. The charts' font is chosen exactly
   as charts_write chooses it (output/charts.c: TAIZHANG_FONT, else PLOT_FONT_FILES, else
   fontconfig), by the same call; the report uses the pdf defaults (report.c leaves
   pdf_config.font_file empty). */
static tz_status add_fonts(manifest *m, const run_options *opt, buf *err)
{
    if (opt->tables_only)
        return TZ_OK;
    const char *chosen = getenv("TAIZHANG_FONT");
    const char *const only[] = {chosen, NULL};
    plot_font *font = NULL;
    buf ignored = BUF_INIT;
    tz_status st = plot_font_open(chosen && *chosen ? only : NULL, !(chosen && *chosen), &font,
                                  &ignored);
    buf_release(&ignored);
    if (st == TZ_OK) {
        const char *file = plot_font_file(font);
        st = manifest_add_font(m, file);
        if (st == TZ_NOINPUT)
            buf_printf(err, "无法读取字体文件 %s", file);
    } else if (st != TZ_NOMEM) {
        st = TZ_OK;          /* charts_write already said why; nothing to record */
    }
    plot_font_free(font);
    for (int f = 0; f < PDF_FONT_COUNT && st == TZ_OK; f++) {
        const char *file = pdf_font_file(NULL, (pdf_font)f);
        if ((st = manifest_add_font(m, file)) == TZ_NOINPUT)
            buf_printf(err, "无法读取字体文件 %s", file);
    }
    return st;
}

tz_status publish_begin(const run_options *opt, outdir **od)
{
    buf err = BUF_INIT;
    tz_status st = outdir_begin(opt->out_dir, od, &err);
    if (st == TZ_NOMEM)
        fprintf(stderr, "taizhang: 内存不足\n");
    else if (st != TZ_OK)
        fprintf(stderr, "taizhang: %s\n", err.data ? err.data : "无法准备输出文件夹");
    buf_release(&err);
    return st;
}

tz_status publish_commit(const run_context *rc, outdir *od, const char *const *fonts, size_t n_fonts)
{
    manifest *m = NULL;
    buf text = BUF_INIT, err = BUF_INIT;
    tz_status st = manifest_new(rc->opt, &m);
    if (st != TZ_OK)
        goto out;
    if (rc->ledger && (st = manifest_add_ledger(m, "ledger", rc->ledger)) != TZ_OK)
        goto out;
    if (rc->previous && (st = manifest_add_ledger(m, "previous", rc->previous)) != TZ_OK)
        goto out;
    if (rc->supply && rc->supply->skills_source &&
        (st = manifest_set_policy(&m->skills, rc->supply->skills_source, rc->opt->skills_file == NULL,
                                  rc->supply->skills_text, rc->supply->skills_len)) != TZ_OK)
        goto out;
    if (rc->rules) {
        size_t len = 0;
        const char *text_of_rules = rules_text(rc->rules, &len);
        if ((st = manifest_set_policy(&m->rules, rules_source_name(rc->rules), rc->opt->rules_file == NULL,
                                     text_of_rules, len)) != TZ_OK)
            goto out;
    }
    if ((st = add_fonts(m, rc->opt, &err)) != TZ_OK)
        goto out;
    for (size_t i = 0; i < n_fonts; i++)
        if ((st = manifest_add_font(m, fonts[i])) != TZ_OK) {
            if (st == TZ_NOINPUT)
                buf_printf(&err, "无法读取字体文件 %s", fonts[i]);
            goto out;
        }
    if ((st = manifest_add_outputs(m, outdir_tmp(od))) != TZ_OK) {
        if (st == TZ_IOERR)
            buf_printf(&err, "无法读回刚写出的输出 %s", outdir_tmp(od));
        goto out;
    }
    if ((st = manifest_render(m, &text)) != TZ_OK)
        goto out;
    if ((st = outdir_write(od, MANIFEST_NAME, text.data, text.len, &err)) != TZ_OK)
        goto out;
    st = outdir_commit(od, &err);
out:
    if (st == TZ_NOMEM)
        fprintf(stderr, "taizhang: 内存不足\n");
    else if (st != TZ_OK)
        fprintf(stderr, "taizhang: %s\n", err.data ? err.data : "无法写出 manifest.json");
    buf_release(&text);
    buf_release(&err);
    manifest_free(m);
    return st;
}
