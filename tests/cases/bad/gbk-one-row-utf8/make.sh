# units.csv saved as GBK, but the name on line 5 pasted in UTF-8: 五个字 "第四党支部"
# is 15 bytes, so its last byte pairs with the comma after it, which GBK cannot read.
{
    printf '单位编码,单位名称,党员人数,组织类别,所属系统\r\n'
    printf 'U01,第一社区党支部,10,党支部,街道\r\n'
    printf 'U02,北山林业站党支部,8,党支部,林业\r\n'
    printf 'U03,第三社区党支部,6,党支部,街道\r\n'
} | iconv -f UTF-8 -t GB18030 >"$DIR/units.csv"
printf 'U04,第四党支部,5,,\r\n' >>"$DIR/units.csv"
