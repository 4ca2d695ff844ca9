/* rules/rules_default.c — the default rules, rules/default.rules, embedded in the program
   with the assembler's .incbin so that the shipped file and the built-in rules are the
   same bytes (the Makefile makes this object depend on the file).
   May call: rules/rules. */
#include "rules/rules.h"

__asm__(".section .rodata\n"
        ".global tz_default_rules_begin\n"
        ".global tz_default_rules_end\n"
        "tz_default_rules_begin:\n"
        ".incbin \"rules/default.rules\"\n"
        "tz_default_rules_end:\n"
        ".byte 0\n"
        ".previous\n");

extern const char tz_default_rules_begin[];
extern const char tz_default_rules_end[];

tz_status rules_load_default(rules **out, buf *err)
{
    return rules_parse("(内置默认规则)", tz_default_rules_begin,
                       (size_t)(tz_default_rules_end - tz_default_rules_begin), out, err);
}
