# units.csv saved as GBK, with the name on line 5 in UTF-8: 四个字 "第四支部" is 12 bytes
# that GBK reads as six other characters (gibberish, no error by the bytes alone).
{
    printf '单位编码,单位名称,党员人数,组织类别,所属系统\r\n'
    printf 'U01,第一社区党支部,10,党支部,街道\r\n'
    printf 'U02,北山林业站党支部,8,党支部,林业\r\n'
    printf 'U03,第三社区党支部,6,党支部,街道\r\n'
} | iconv -f UTF-8 -t GB18030 >"$DIR/units.csv"
printf 'U04,第四支部,5,,\r\n' >>"$DIR/units.csv"
# the premise: GBK reads the whole file
iconv -f GB18030 -t UTF-8 "$DIR/units.csv" >/dev/null
