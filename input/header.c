/* input/header.c — column names and aliases of the seven ledger files, and header rows.
   May call: base (all), input/problem, input/field. */
#include "input/header.h"
#include "base/buf.h"
#include "input/field.h"

#include <string.h>
#include <strings.h>

static const header_column UNIT_COLUMNS[UNIT_COLS] = {
    {"单位编码", NULL, "unit_id", 1},
    {"单位名称", NULL, "unit_name", 1},
    {"党员人数", NULL, "party_members", 1},
    {"组织类别", NULL, "org_type", 0},
    {"所属系统", NULL, "sector", 0},
};
static const header_column TEAM_COLUMNS[TEAM_COLS] = {
    {"服务队编码", NULL, "team_id", 1},
    {"服务队名称", NULL, "team_name", 1},
    {"所属单位编码", NULL, "unit_id", 1},
    {"队伍类型", NULL, "team_type", 1},
    {"成立日期", NULL, "founded_on", 0},
    {"服务领域", NULL, "specialty", 0},
};
static const header_column VOLUNTEER_COLUMNS[VOL_COLS] = {
    {"志愿者编号", NULL, "volunteer_id", 1},
    {"姓名", NULL, "name", 1},
    {"所在单位编码", NULL, "unit_id", 1},
    {"服务队编码", NULL, "team_id", 0},
    {"政治面貌", NULL, "political_status", 1},
    {"加入日期", NULL, "joined_on", 0},
    {"特长", NULL, "skills", 0},
    {"联系电话", NULL, "phone", 0},
    {"身份证号", "身份证号码", "id_number", 0},
};
static const header_column ACTIVITY_COLUMNS[ACT_COLS] = {
    {"活动编号", NULL, "activity_id", 1},
    {"活动日期", NULL, "date", 1},
    {"活动名称", NULL, "title", 1},
    {"组织方式", NULL, "mode", 1},
    {"牵头单位编码", NULL, "lead_unit_id", 1},
    {"服务类别", NULL, "category", 1},
    {"区域类型", NULL, "area_type", 1},
    {"服务地点", NULL, "location", 0},
    {"需求编号", NULL, "demand_id", 0},
    {"专项行动", NULL, "campaign", 0},
    {"受益人数", NULL, "beneficiaries", 1},
    {"捐赠金额（元）", "捐赠金额", "donation_yuan", 0},
};
static const header_column PARTICIPATION_COLUMNS[PART_COLS] = {
    {"活动编号", NULL, "activity_id", 1},
    {"志愿者编号", NULL, "volunteer_id", 1},
    {"服务时长（小时）", "服务时长", "hours", 1},
    {"代表单位编码", NULL, "unit_id", 0},
    {"角色", NULL, "role", 0},
};
static const header_column DEMAND_COLUMNS[DEM_COLS] = {
    {"需求编号", NULL, "demand_id", 1},
    {"提出日期", NULL, "submitted_on", 1},
    {"提出单位", NULL, "requester", 1},
    {"区域类型", NULL, "area_type", 1},
    {"服务类别", NULL, "category", 1},
    {"需求内容", NULL, "description", 0},
    {"征集渠道", NULL, "channel", 0},
};
static const header_column RESULT_COLUMNS[RES_COLS] = {
    {"活动编号", NULL, "activity_id", 1},
    {"成果指标", NULL, "indicator", 1},
    {"数量", NULL, "quantity", 1},
    {"计量单位", NULL, "measure_unit", 1},
};

const header_column *header_columns(ledger_file_kind kind, size_t *n)
{
    switch (kind) {
    case LEDGER_UNITS: *n = UNIT_COLS; return UNIT_COLUMNS;
    case LEDGER_TEAMS: *n = TEAM_COLS; return TEAM_COLUMNS;
    case LEDGER_VOLUNTEERS: *n = VOL_COLS; return VOLUNTEER_COLUMNS;
    case LEDGER_ACTIVITIES: *n = ACT_COLS; return ACTIVITY_COLUMNS;
    case LEDGER_PARTICIPATION: *n = PART_COLS; return PARTICIPATION_COLUMNS;
    case LEDGER_DEMANDS: *n = DEM_COLS; return DEMAND_COLUMNS;
    case LEDGER_RESULTS: *n = RES_COLS; return RESULT_COLUMNS;
    case LEDGER_FILE_COUNT: break;
    }
    *n = 0;
    return UNIT_COLUMNS;
}

/* Compares a header cell with a Chinese name: ASCII parentheses count as full-width
   ones (WPS and hand-typed headers mix them). */
static int same_zh(const char *s, size_t n, const char *zh)
{
    size_t i = 0;
    while (i < n && *zh) {
        if (s[i] == '(' && (unsigned char)zh[0] == 0xEF && memcmp(zh, "（", 3) == 0) {
            i++;
            zh += 3;
        } else if (s[i] == ')' && (unsigned char)zh[0] == 0xEF && memcmp(zh, "）", 3) == 0) {
            i++;
            zh += 3;
        } else if (s[i] == *zh) {
            i++;
            zh++;
        } else {
            return 0;
        }
    }
    return i == n && *zh == '\0';
}

/* Column of a header cell, or -1. */
static int column_of(const header_column *cols, size_t ncols, const char *s, size_t n)
{
    field_trim(&s, &n);
    if (n == 0)
        return -1;
    for (size_t c = 0; c < ncols; c++) {
        if (same_zh(s, n, cols[c].zh) || (cols[c].zh_short && same_zh(s, n, cols[c].zh_short)))
            return (int)c;
        if ((s[0] | 0x20) != cols[c].alias[0])
            continue;
        size_t an = strlen(cols[c].alias);
        if (an == n && strncasecmp(s, cols[c].alias, n) == 0)
            return (int)c;
    }
    return -1;
}

size_t header_recognized(ledger_file_kind kind, const csvread_field *fields, size_t n)
{
    size_t ncols, count = 0;
    const header_column *cols = header_columns(kind, &ncols);
    for (size_t i = 0; i < n; i++)
        if (column_of(cols, ncols, fields[i].s, fields[i].n) >= 0)
            count++;
    return count;
}

int header_map_row(ledger_file_kind kind, const csvread_field *fields, size_t n,
                   header_map *map, problem_list *pl, const char *file, uint32_t line,
                   int notice_unknown)
{
    size_t ncols;
    const header_column *cols = header_columns(kind, &ncols);
    int result = 0;
    buf unknown = BUF_INIT;
    for (size_t c = 0; c < HEADER_MAX_COLS; c++)
        map->field[c] = -1;
    map->width = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = fields[i].s;
        size_t len = fields[i].n;
        field_trim(&s, &len);
        if (len == 0)
            continue;
        map->width = i + 1;
        int c = column_of(cols, ncols, s, len);
        if (c < 0) {
            if ((unknown.len && buf_puts(&unknown, "、") != 0) ||
                buf_append(&unknown, s, len) != 0)
                goto nomem;
            continue;
        }
        if (map->field[c] >= 0) {
            if (problem_add(pl, file, line, (uint32_t)i + 1, SEV_ERROR, "header.duplicate_column",
                            s, len, "表头“%s”出现了两次（第 %d 列和第 %zu 列）。删掉多余的一列",
                            cols[c].zh, map->field[c] + 1, i + 1) != 0)
                goto nomem;
            result = 1;
            continue;
        }
        map->field[c] = (int32_t)i;
    }
    if (notice_unknown && unknown.len &&
        problem_add(pl, file, line, 0, SEV_NOTICE, "header.unknown_columns", unknown.data,
                    unknown.len, "这些列不是台账规定的列，已忽略：%s", unknown.data) != 0)
        goto nomem;
    for (size_t c = 0; c < ncols; c++) {
        if (!cols[c].required || map->field[c] >= 0)
            continue;
        if (problem_add(pl, file, line, 0, SEV_ERROR, "header.missing_column", cols[c].zh,
                        strlen(cols[c].zh),
                        "缺少必需的列“%s”（英文别名 %s）。在表头加上这一列，或检查表头是否写错",
                        cols[c].zh, cols[c].alias) != 0)
            goto nomem;
        result = 1;
    }
    buf_release(&unknown);
    return result;
nomem:
    buf_release(&unknown);
    return -1;
}
