/* samplegen/sample_data.h — private to samplegen/sample.c: the fixed vocabulary of the sample city
   (organizations, places, names, activity titles). Plain constant tables, no code.
   May call: nothing. */
#ifndef TZ_SAMPLE_DATA_H
#define TZ_SAMPLE_DATA_H

enum { SECTOR_PARTY, SECTOR_LAW, SECTOR_ECONOMY, SECTOR_FARMING, SECTOR_URBAN, SECTOR_SOCIAL,
       SECTOR_EDUCATION, SECTOR_HEALTH, SECTOR_CULTURE, SECTOR_COUNT };
static const char *const SECTOR_NAMES[SECTOR_COUNT] = {
    "党群系统", "政法系统", "经济系统", "农牧系统", "城建系统", "社会事业系统",
    "教育系统", "卫生健康系统", "文化旅游系统"};

enum { KIND_ORGAN, KIND_INSTITUTE, KIND_SCHOOL, KIND_HOSPITAL, KIND_CULTURE, KIND_COMMITTEE };

/* One organization of the city. Its main Party organization is named after it (机关党委 for
   an organ, 党委 for a school or hospital …); each sub-unit in subs ('|'-separated) is a
   党支部 of its own. flags: P = has a 党员志愿服务队, Y = has a 青年志愿服务队. */
typedef struct org_template {
    const char *name;
    unsigned char sector, kind;
    char main_type;            /* 'W' 党委, 'Z' 党总支, 'B' 党支部 */
    const char *subs;
    const char *flags;
} org_template;

static const org_template ORGS[] = {
    {"市直属机关工作委员会", SECTOR_PARTY, KIND_COMMITTEE, 'B', "", "P"},
    {"市委办公室", SECTOR_PARTY, KIND_ORGAN, 'Z', "机要保密局|督查室", ""},
    {"市人大常委会办公室", SECTOR_PARTY, KIND_ORGAN, 'Z', "法制工作委员会", ""},
    {"市人民政府办公室", SECTOR_PARTY, KIND_ORGAN, 'W', "政务服务中心|大数据中心|接待服务中心", "P"},
    {"市政协办公室", SECTOR_PARTY, KIND_ORGAN, 'Z', "", ""},
    {"市纪委监委机关", SECTOR_PARTY, KIND_ORGAN, 'W', "第一纪检监察室|第二纪检监察室|案件审理室", "P"},
    {"市委组织部", SECTOR_PARTY, KIND_ORGAN, 'Z', "党员教育中心", "P"},
    {"市委宣传部", SECTOR_PARTY, KIND_ORGAN, 'Z', "新时代文明实践指导中心", "P"},
    {"市委统战部", SECTOR_PARTY, KIND_ORGAN, 'B', "", ""},
    {"市委政法委员会", SECTOR_LAW, KIND_ORGAN, 'B', "社会治安综合治理中心", ""},
    {"市委政策研究室", SECTOR_PARTY, KIND_ORGAN, 'B', "", ""},
    {"市委机构编制委员会办公室", SECTOR_PARTY, KIND_ORGAN, 'B', "", ""},
    {"市委网络安全和信息化委员会办公室", SECTOR_PARTY, KIND_ORGAN, 'B', "网络舆情研判中心", ""},
    {"市委党校", SECTOR_PARTY, KIND_INSTITUTE, 'Z', "教研室|图书信息中心", "P"},
    {"市委老干部局", SECTOR_PARTY, KIND_ORGAN, 'B', "老年大学", ""},
    {"市档案馆", SECTOR_PARTY, KIND_INSTITUTE, 'B', "", ""},
    {"市总工会", SECTOR_PARTY, KIND_ORGAN, 'B', "职工服务中心", "P"},
    {"共青团市委", SECTOR_PARTY, KIND_ORGAN, 'B', "青少年宫", "Y"},
    {"市妇女联合会", SECTOR_PARTY, KIND_ORGAN, 'B', "妇女儿童活动中心", "P"},
    {"市科学技术协会", SECTOR_PARTY, KIND_ORGAN, 'B', "科技馆", ""},
    {"市文学艺术界联合会", SECTOR_PARTY, KIND_ORGAN, 'B', "", ""},
    {"市工商业联合会", SECTOR_PARTY, KIND_ORGAN, 'B', "", ""},
    {"市残疾人联合会", SECTOR_PARTY, KIND_ORGAN, 'B', "残疾人康复中心", ""},
    {"市红十字会", SECTOR_PARTY, KIND_ORGAN, 'B', "", "P"},
    {"市公安局", SECTOR_LAW, KIND_ORGAN, 'W', "治安管理支队|交通管理支队|刑事侦查支队|出入境管理支队|特警支队|看守所", "PY"},
    {"市人民检察院", SECTOR_LAW, KIND_ORGAN, 'Z', "第一检察部|第二检察部|第三检察部", "P"},
    {"市中级人民法院", SECTOR_LAW, KIND_ORGAN, 'W', "立案庭|民事审判第一庭|民事审判第二庭|刑事审判庭|执行局", "P"},
    {"市司法局", SECTOR_LAW, KIND_ORGAN, 'Z', "公共法律服务中心|法律援助中心|公证处", "P"},
    {"市信访局", SECTOR_LAW, KIND_ORGAN, 'B', "", ""},
    {"市发展和改革委员会", SECTOR_ECONOMY, KIND_ORGAN, 'Z', "价格认证中心|粮食和物资储备中心", ""},
    {"市工业和信息化局", SECTOR_ECONOMY, KIND_ORGAN, 'B', "中小企业服务中心", ""},
    {"市财政局", SECTOR_ECONOMY, KIND_ORGAN, 'W', "国库收付中心|财政投资评审中心|非税收入管理中心", "P"},
    {"市审计局", SECTOR_ECONOMY, KIND_ORGAN, 'B', "", ""},
    {"市统计局", SECTOR_ECONOMY, KIND_ORGAN, 'B', "社情民意调查中心", ""},
    {"市商务局", SECTOR_ECONOMY, KIND_ORGAN, 'B', "", ""},
    {"国家税务总局市税务局", SECTOR_ECONOMY, KIND_ORGAN, 'W', "第一税务分局|第二税务分局|稽查局|纳税服务中心", "PY"},
    {"市市场监督管理局", SECTOR_ECONOMY, KIND_ORGAN, 'W', "食品药品检验检测中心|计量检定测试所|消费者权益保护中心", "P"},
    {"市人民政府国有资产监督管理委员会", SECTOR_ECONOMY, KIND_ORGAN, 'B', "", ""},
    {"市地方金融管理局", SECTOR_ECONOMY, KIND_ORGAN, 'B', "", ""},
    {"市能源局", SECTOR_ECONOMY, KIND_ORGAN, 'B', "", ""},
    {"市投资促进中心", SECTOR_ECONOMY, KIND_INSTITUTE, 'B', "", ""},
    {"市住房公积金管理中心", SECTOR_ECONOMY, KIND_INSTITUTE, 'Z', "", ""},
    {"市医疗保障局", SECTOR_ECONOMY, KIND_ORGAN, 'B', "医疗保险服务中心", ""},
    {"市农牧局", SECTOR_FARMING, KIND_ORGAN, 'W', "农牧业技术推广中心|草原工作站|农牧业综合行政执法支队|种子管理站", "P"},
    {"市动物疫病预防控制中心", SECTOR_FARMING, KIND_INSTITUTE, 'Z', "兽医实验室|动物卫生监督所", "P"},
    {"市林业和草原局", SECTOR_FARMING, KIND_ORGAN, 'W', "森林草原防火指挥中心|林业工作站|草原监理所|国有林场管理站", "P"},
    {"市水利局", SECTOR_FARMING, KIND_ORGAN, 'Z', "水利工程管理站|水文勘测站", "P"},
    {"市乡村振兴局", SECTOR_FARMING, KIND_ORGAN, 'B', "", "P"},
    {"市气象局", SECTOR_FARMING, KIND_ORGAN, 'B', "气象台", ""},
    {"市农牧业科学研究所", SECTOR_FARMING, KIND_INSTITUTE, 'Z', "畜牧研究室|草业研究室", "P"},
    {"市供销合作社联合社", SECTOR_FARMING, KIND_ORGAN, 'B', "", ""},
    {"市自然资源局", SECTOR_URBAN, KIND_ORGAN, 'W', "不动产登记中心|国土空间规划中心|测绘院", "P"},
    {"市生态环境局", SECTOR_URBAN, KIND_ORGAN, 'Z', "环境监测站|生态环境综合行政执法支队", "P"},
    {"市住房和城乡建设局", SECTOR_URBAN, KIND_ORGAN, 'W', "城市建设档案馆|建筑工程质量安全监督站|房屋征收中心", "P"},
    {"市交通运输局", SECTOR_URBAN, KIND_ORGAN, 'Z', "公路养护中心|道路运输事业发展中心", ""},
    {"市城市管理综合执法局", SECTOR_URBAN, KIND_ORGAN, 'W', "环境卫生管理处|园林绿化管理中心|市政设施管理处", "P"},
    {"市应急管理局", SECTOR_URBAN, KIND_ORGAN, 'B', "应急救援指挥中心", "P"},
    {"市消防救援支队", SECTOR_URBAN, KIND_ORGAN, 'W', "特勤大队|战勤保障大队", "P"},
    {"市教育局", SECTOR_EDUCATION, KIND_ORGAN, 'W', "教育教学研究室|招生考试中心|学生资助管理中心", "P"},
    {"市科学技术局", SECTOR_SOCIAL, KIND_ORGAN, 'B', "", ""},
    {"市民政局", SECTOR_SOCIAL, KIND_ORGAN, 'Z', "社会福利院|救助管理站|殡葬服务中心", "P"},
    {"市人力资源和社会保障局", SECTOR_SOCIAL, KIND_ORGAN, 'W', "社会保险事业服务中心|公共就业服务中心|劳动保障监察支队", "P"},
    {"市退役军人事务局", SECTOR_SOCIAL, KIND_ORGAN, 'B', "退役军人服务中心", "P"},
    {"市民族事务委员会", SECTOR_SOCIAL, KIND_ORGAN, 'B', "蒙古语言文字工作办公室", ""},
    {"市卫生健康委员会", SECTOR_HEALTH, KIND_ORGAN, 'W', "卫生健康综合监督执法局|计划生育协会", "P"},
    {"市文化旅游体育局", SECTOR_CULTURE, KIND_ORGAN, 'Z', "文化馆|体育运动学校|文物保护中心", "P"},
    {"市乌兰牧骑", SECTOR_CULTURE, KIND_CULTURE, 'Z', "演出一队|演出二队", "P"},
    {"市融媒体中心", SECTOR_CULTURE, KIND_CULTURE, 'W', "新闻采访部|广播电视技术部|新媒体部", "PY"},
    {"市图书馆", SECTOR_CULTURE, KIND_CULTURE, 'B', "", ""},
    {"市博物馆", SECTOR_CULTURE, KIND_CULTURE, 'B', "", ""},
    {"市民族歌舞剧院", SECTOR_CULTURE, KIND_CULTURE, 'B', "", ""},
    {"市职业技术学院", SECTOR_EDUCATION, KIND_SCHOOL, 'W', "机关|护理系|畜牧兽医系|机电工程系|学生工作部", "PY"},
    {"市第一中学", SECTOR_EDUCATION, KIND_SCHOOL, 'Z', "高一年级|高二年级|高三年级", "PY"},
    {"市第二中学", SECTOR_EDUCATION, KIND_SCHOOL, 'Z', "初中部|高中部", ""},
    {"市第三中学", SECTOR_EDUCATION, KIND_SCHOOL, 'Z', "", ""},
    {"市第四中学", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市第五中学", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市第六中学", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市第七中学", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市第八中学", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市蒙古族中学", SECTOR_EDUCATION, KIND_SCHOOL, 'Z', "初中部|高中部", "PY"},
    {"市实验中学", SECTOR_EDUCATION, KIND_SCHOOL, 'Z', "", ""},
    {"市实验小学", SECTOR_EDUCATION, KIND_SCHOOL, 'Z', "", "P"},
    {"市第一小学", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市第二小学", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市第三小学", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市第四小学", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市第五小学", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市第六小学", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市第七小学", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市第八小学", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市第九小学", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市第十小学", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市蒙古族小学", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市特殊教育学校", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市卫生学校", SECTOR_EDUCATION, KIND_SCHOOL, 'Z', "", "Y"},
    {"市第一幼儿园", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市第二幼儿园", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市蒙古族幼儿园", SECTOR_EDUCATION, KIND_SCHOOL, 'B', "", ""},
    {"市人民医院", SECTOR_HEALTH, KIND_HOSPITAL, 'W', "内科第一|内科第二|外科|医技|护理|行政后勤|离退休", "PY"},
    {"市蒙医医院", SECTOR_HEALTH, KIND_HOSPITAL, 'W', "蒙医内科|蒙医传统疗法|药剂科|行政后勤", "PY"},
    {"市中医医院", SECTOR_HEALTH, KIND_HOSPITAL, 'W', "内科|外科|行政后勤", "PY"},
    {"市第二人民医院", SECTOR_HEALTH, KIND_HOSPITAL, 'Z', "临床|医技", "P"},
    {"市妇幼保健院", SECTOR_HEALTH, KIND_HOSPITAL, 'Z', "妇产科|儿科", "PY"},
    {"市疾病预防控制中心", SECTOR_HEALTH, KIND_HOSPITAL, 'Z', "传染病防治科|免疫规划科|检验科", "P"},
    {"市传染病医院", SECTOR_HEALTH, KIND_HOSPITAL, 'B', "", ""},
    {"市精神卫生中心", SECTOR_HEALTH, KIND_HOSPITAL, 'B', "", ""},
    {"市中心血站", SECTOR_HEALTH, KIND_HOSPITAL, 'B', "", "Y"},
    {"市急救中心", SECTOR_HEALTH, KIND_HOSPITAL, 'B', "", "P"},
    {"市口腔医院", SECTOR_HEALTH, KIND_HOSPITAL, 'B', "", ""},
};

/* Fictional districts that name the extra city blocks at --scale K > 1. */
static const char *const DISTRICTS[] = {
    "东山区", "西河区", "北原旗", "南湖县", "青松旗", "白桦县", "红柳区", "金川旗",
    "银泉县", "草原区", "长河旗", "翠岭县", "云杉区", "星海旗", "丰泽县", "和顺区"};

/* Categories (服务类别) of the contract, in its order. */
enum { CAT_MEDICAL, CAT_LIVESTOCK, CAT_EPIDEMIC, CAT_EDUCATION, CAT_LAW, CAT_FAMILY, CAT_CULTURE,
       CAT_SCIENCE, CAT_POVERTY, CAT_ENVIRONMENT, CAT_TREES, CAT_OTHER, CAT_COUNT };
static const char *const CATEGORY_NAMES[CAT_COUNT] = {
    "医疗卫生", "畜牧养殖", "疫病防治", "党员教育", "法律宣传", "计生宣传", "文化服务",
    "科技宣传", "扶贫帮困", "环境整治", "植树造林", "其他"};

enum { AR_COMMUNITY, AR_FOREST, AR_PASTORAL, AR_FARM, AR_STATION, AR_OTHER, AR_COUNT };
static const char *const AREA_NAMES[AR_COUNT] = {"社区", "林区", "牧区", "农区", "站所", "其他"};
static const char *const CHANNEL_NAMES[6] = {"座谈会", "走访", "意见箱", "热线电话", "网络", "其他"};
static const char *const STATUS_NAMES[5] = {"中共党员", "中共预备党员", "共青团员", "入党积极分子", "群众"};

/* Area weights per category (percent). */
static const unsigned char AREA_WEIGHTS[CAT_COUNT][AR_COUNT] = {
    /* 社区 林区 牧区 农区 站所 其他 */
    {30, 5, 40, 15, 5, 5},    /* 医疗卫生 */
    {0, 0, 75, 20, 5, 0},     /* 畜牧养殖 */
    {5, 0, 60, 25, 10, 0},    /* 疫病防治 */
    {40, 0, 15, 0, 15, 30},   /* 党员教育 */
    {50, 0, 20, 10, 0, 20},   /* 法律宣传 */
    {60, 0, 20, 20, 0, 0},    /* 计生宣传 */
    {35, 10, 35, 10, 0, 10},  /* 文化服务 */
    {30, 0, 30, 30, 0, 10},   /* 科技宣传 */
    {30, 0, 40, 30, 0, 0},    /* 扶贫帮困 */
    {40, 10, 25, 20, 0, 5},   /* 环境整治 */
    {10, 40, 20, 30, 0, 0},   /* 植树造林 */
    {50, 0, 0, 0, 10, 40},    /* 其他 */
};

/* Category weights per month (January first): the seasons of the service year. */
static const unsigned char CATEGORY_MONTH[CAT_COUNT][12] = {
    {10, 10, 12, 12, 12, 12, 12, 12, 12, 10, 10, 10},   /* 医疗卫生 */
    {2, 2, 4, 6, 10, 12, 12, 10, 8, 4, 2, 2},           /* 畜牧养殖 */
    {2, 2, 8, 12, 12, 6, 4, 4, 10, 10, 4, 2},           /* 疫病防治 */
    {8, 6, 8, 8, 8, 12, 14, 8, 8, 10, 8, 8},            /* 党员教育 */
    {6, 4, 8, 8, 6, 6, 6, 6, 6, 6, 8, 16},              /* 法律宣传 */
    {4, 4, 6, 6, 8, 6, 6, 6, 6, 6, 4, 4},               /* 计生宣传 */
    {12, 14, 8, 6, 8, 10, 12, 12, 10, 10, 6, 8},        /* 文化服务 */
    {4, 4, 6, 10, 10, 8, 6, 6, 8, 6, 4, 4},             /* 科技宣传 */
    {20, 22, 8, 4, 4, 4, 4, 4, 6, 6, 10, 20},           /* 扶贫帮困 */
    {0, 0, 2, 12, 14, 14, 12, 12, 12, 10, 2, 0},        /* 环境整治 */
    {0, 0, 0, 14, 16, 6, 0, 0, 4, 6, 0, 0},             /* 植树造林 */
    {8, 8, 14, 6, 6, 6, 6, 6, 6, 6, 6, 8},              /* 其他 */
};

/* Activities per month (relative): few in the winter, a peak in spring and early summer. */
static const unsigned char MONTH_WEIGHTS[12] = {55, 50, 95, 110, 120, 115, 105, 100, 110, 95, 80, 75};

/* Places. */
static const char *const SUMU[] = {"巴彦", "锡尼河", "伊敏", "辉河", "乌兰宝力格", "宝日希勒",
    "呼和诺尔", "达赉", "阿拉坦额莫勒", "新宝力格", "嵯岗", "贝尔", "巴彦库仁", "莫和尔图"};
static const char *const GACHA[] = {"巴彦乌拉", "乌兰", "宝力格", "哈达图", "额尔敦乌拉",
    "希日塔拉", "呼和温都尔", "阿尔山", "赛汉塔拉", "查干诺尔", "巴音塔拉", "那吉", "浩特陶海",
    "西乌珠尔", "孟根楚鲁", "特尼河", "罕乌拉", "白音哈达", "好力宝", "乌兰础鲁", "锡林",
    "敖包", "巴彦胡硕", "阿日善"};
static const char *const STREETS[] = {"新华", "建设", "胜利", "正阳", "健康", "靠山", "呼伦", "奋斗"};
static const char *const COMMUNITIES[] = {"团结", "民族", "和平", "幸福", "光明", "东山", "西山",
    "河东", "站前", "新城", "阳光", "友谊", "康乐", "文明", "五一", "北苑", "南苑", "滨河"};
static const char *const FORESTS[] = {"东山", "南木", "红花尔基", "白音", "巴林", "伊图里河",
    "绰源", "乌奴耳", "库都尔"};
static const char *const TOWNS[] = {"兴隆", "太平", "永安", "新发", "复兴", "红旗", "六合", "长春"};
static const char *const VILLAGES[] = {"五一", "前进", "和平", "友好", "长胜", "东风", "新立",
    "三合", "永丰", "团结", "胜利", "建国"};
static const char *const STATIONS[] = {"兽医站", "卫生院", "司法所", "派出所", "文化站", "草原工作站"};
static const char *const OTHER_PLACES[] = {"市民广场", "人民公园", "火车站广场", "市体育馆",
    "汽车客运站", "市民中心", "新时代文明实践中心"};

/* Activity titles per category: %s is the place (嘎查, 社区 …). */
static const char *const TITLES[CAT_COUNT][4] = {
    {"%s义诊送药", "“健康进%s”义诊活动", "%s健康体检服务", "蒙医蒙药义诊进%s"},
    {"%s牲畜养殖技术指导", "%s牧业生产技术培训", "科学养畜进%s", "%s饲草料储备指导"},
    {"%s牲畜防疫注射", "%s布病防治宣传", "动物疫病防控进%s", "%s春季防疫技术服务"},
    {"%s主题党日志愿服务", "党的创新理论宣讲进%s", "%s红色故事宣讲", "%s党员志愿服务"},
    {"“法律进%s”普法宣传", "%s法律咨询服务", "民法典宣传进%s", "%s防范电信诈骗宣传"},
    {"%s优生优育知识宣传", "%s计生政策宣传", "%s妇幼健康知识讲座", "%s家庭健康服务"},
    {"乌兰牧骑进%s慰问演出", "%s文艺汇演", "%s送文化下乡", "%s电影放映"},
    {"%s科普宣传", "科技之春进%s", "%s农牧业科技培训", "%s防灾减灾知识宣传"},
    {"%s困难群众慰问", "冬春送温暖·走进%s", "%s结对帮扶", "%s助学帮困"},
    {"%s环境卫生整治", "%s垃圾清理", "%s人居环境整治", "%s背街小巷清扫"},
    {"%s义务植树", "%s植树造林", "%s防护林补植", "%s绿化美化"},
    {"%s志愿服务", "%s助老服务", "%s交通文明劝导", "%s便民服务"},
};

/* What the grassroots ask for, per category (需求内容). */
static const char *const DEMAND_TEXTS[CAT_COUNT] = {
    "希望组织医生到本地开展义诊，为老人测血压、送常用药",
    "牧民希望请专家讲解牲畜养殖和接羔保育技术",
    "请求派兽医开展牲畜防疫注射和布病防治指导",
    "希望安排党课宣讲，讲解惠民政策",
    "群众希望提供法律咨询，解决草场承包纠纷",
    "希望开展妇幼健康和优生优育知识宣传",
    "希望乌兰牧骑来演出，丰富群众文化生活",
    "希望组织科技人员讲解饲草种植和防灾知识",
    "困难户冬季取暖有困难，希望得到帮扶",
    "房前屋后垃圾较多，希望帮助清理整治",
    "希望帮助补植防护林，改善环境",
    "希望帮助解决老人出行、代办等困难"};

/* Party-team slogans per sector. */
static const char *const SLOGANS[SECTOR_COUNT] = {
    "“红色先锋”", "“法律护航”", "“先锋服务”", "“草原卫士”", "“城市美容师”", "“暖心”",
    "“红烛”", "“白衣天使”", "“红色文艺轻骑兵”"};
/* The category each sector prefers (服务领域 of its teams). */
static const unsigned char SECTOR_CATEGORY[SECTOR_COUNT][3] = {
    {CAT_EDUCATION, CAT_POVERTY, CAT_OTHER},
    {CAT_LAW, CAT_LAW, CAT_OTHER},
    {CAT_POVERTY, CAT_SCIENCE, CAT_ENVIRONMENT},
    {CAT_LIVESTOCK, CAT_EPIDEMIC, CAT_TREES},
    {CAT_ENVIRONMENT, CAT_TREES, CAT_OTHER},
    {CAT_POVERTY, CAT_OTHER, CAT_LAW},
    {CAT_SCIENCE, CAT_CULTURE, CAT_EDUCATION},
    {CAT_MEDICAL, CAT_MEDICAL, CAT_FAMILY},
    {CAT_CULTURE, CAT_CULTURE, CAT_SCIENCE},
};

/* People. */
static const char *const SURNAMES[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
    "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐",
    "冯", "于", "董", "程", "曹", "袁", "邓", "许", "沈", "彭", "吕", "苏", "卢", "蒋", "贾", "丁",
    "魏", "薛", "闫", "潘", "杜", "田", "任", "姜", "范", "石", "姚", "金", "陆", "郝", "孔", "白",
    "崔", "康", "毛", "邱", "秦", "史", "侯", "孟", "段", "常", "武", "乔", "贺", "包", "敖", "鲍",
    "那", "吴", "欧阳", "司马"};
static const char *const GIVEN[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
    "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "华", "燕", "东", "博", "宇", "浩",
    "欣", "怡", "轩", "婷", "鑫", "鹏", "辉", "玲", "健", "晨", "雪", "梅", "峰", "蕾", "志", "建",
    "海", "晓", "文", "红", "春", "秀", "嘉", "子", "俊", "颖", "琳", "然", "凯", "阳", "亮", "倩"};
static const char *const MONGOLIAN[] = {"巴特尔", "其其格", "乌云", "额尔敦", "苏日娜", "宝音",
    "朝鲁", "格日勒", "萨仁", "那日苏", "阿拉坦", "图雅", "乌兰", "哈斯", "斯琴", "巴雅尔", "达来",
    "孟和", "敖日格乐", "满都拉", "呼和", "布和", "吉日嘎拉", "额尔德尼", "塔娜", "娜仁高娃",
    "其木格", "乌日娜", "特木尔", "巴图", "毕力格", "阿古拉", "苏和", "额日和木", "包·巴特尔"};
static const char *const SKILLS[] = {"医疗护理", "法律咨询", "文艺表演", "摄影摄像", "驾驶",
    "兽医", "农牧技术", "心理咨询", "教育辅导", "计算机", "蒙汉双语翻译", "书法", "急救",
    "理论宣讲", "财会", "厨艺"};
static const char *const ROLES[] = {"队员", "队员", "队员", "联络员", "宣讲员", "技术指导"};
/* Region codes (行政区划代码) used in the synthetic ID numbers. */
static const char *const REGIONS[] = {"150702", "150721", "150722", "150723", "150724", "150725",
    "150726", "150727", "150781", "150782", "150783", "150784", "150785", "152201", "150102",
    "150203", "220102", "230103"};
static const char *const PHONE_PREFIX[] = {"130", "131", "132", "133", "135", "136", "137", "138",
    "139", "150", "151", "152", "155", "156", "157", "158", "159", "177", "180", "181", "182",
    "183", "185", "186", "187", "188", "189", "191", "198", "199"};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

#endif
