/* output/fonts.h — the font files the charts (output/plot) and the PDF (output/pdf) use,
   with the Debian package of each, in one place: a deployment that moves them changes
   only this file. All are TrueType collections (libharu cannot load CFF outlines; see
   docs/report.md). May call: nothing. */
#ifndef TZ_FONTS_H
#define TZ_FONTS_H

/* WenQuanYi Zen Hei: the sans face (黑体) of headings, table digits and the charts; its
   face 1 is the monospaced variant used for hashes and the command line. */
#define FONTS_SANS_FILE "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
#define FONTS_SANS_PACKAGE "fonts-wqy-zenhei"
#define FONTS_SANS_INDEX 0
#define FONTS_MONO_INDEX 1
/* AR PL UMing: the Song/Ming serif (宋体) of running text. */
#define FONTS_SERIF_FILE "/usr/share/fonts/truetype/arphic/uming.ttc"
#define FONTS_SERIF_PACKAGE "fonts-arphic-uming"
#define FONTS_SERIF_INDEX 0

#endif
