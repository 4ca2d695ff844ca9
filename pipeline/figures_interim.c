/* pipeline/figures_interim.c — TEMPORARY stand-ins (weak symbols) for the per-unit
   column table of pipeline/figures.h, so that the rules branch links before
   pipeline/figures.c lands on main. The real, strong definitions in figures.c win at
   link time; this file is deleted when the rules branch merges main with figures.c.
   May call: pipeline/figures. */
#include <string.h>
#include "pipeline/figures.h"

__attribute__((weak)) const figures_column FIGURES_UNIT_COLUMNS[] = {
    {"party_members", "党员人数", 0},
    {"volunteers", "志愿者人数", 0},
    {"party_volunteers", "党员志愿者人数", 0},
    {"participation_rate", "党员志愿者参与率", 4},
    {"active_volunteers", "参与活动的志愿者", 0},
    {"person_times", "服务人次", 0},
    {"hours", "服务时长（小时）", 1},
    {"activities_independent", "独立开展活动", 0},
    {"activities_group", "组团服务活动", 0},
    {"activities_committee", "工委统一组织活动", 0},
    {"beneficiaries", "受益人数", 0},
    {"demands_answered", "响应需求数", 0},
    {"donation_yuan", "捐赠金额（元）", 2},
};
__attribute__((weak)) const size_t FIGURES_UNIT_COLUMN_COUNT =
    sizeof FIGURES_UNIT_COLUMNS / sizeof FIGURES_UNIT_COLUMNS[0];

__attribute__((weak)) figures_value figures_unit_value(const figures *f, size_t u, size_t col)
{
    const figures_unit *x = &f->units[u];
    figures_value v = {0, 1};
    switch (col) {
    case 0: v.num = x->party_members; break;
    case 1: v.num = x->volunteers; break;
    case 2: v.num = x->party_volunteers; break;
    case 3: v.num = x->party_volunteers; v.den = x->party_members; break;
    case 4: v.num = x->active_volunteers; break;
    case 5: v.num = x->person_times; break;
    case 6: v.num = x->hours_tenths; v.den = 10; break;
    case 7: v.num = x->activities_independent; break;
    case 8: v.num = x->activities_group; break;
    case 9: v.num = x->activities_committee; break;
    case 10: v.num = x->beneficiaries; break;
    case 11: v.num = x->demands_answered; break;
    case 12: v.num = x->donation_fen; v.den = 100; break;
    default: v.den = 0;
    }
    return v;
}

__attribute__((weak)) int figures_column_find(const char *name)
{
    for (size_t i = 0; i < FIGURES_UNIT_COLUMN_COUNT; i++)
        if (strcmp(FIGURES_UNIT_COLUMNS[i].name, name) == 0)
            return (int)i;
    return -1;
}
