import type { Place } from './places.js';
import type { Rng } from './prng.js';

/**
 * Chinese complaint and dispute texts from templates with slots. Some mix in English or carry
 * a mobile number so that redaction and word segmentation get realistic input. Episode texts use
 * distinctive terms (拖欠工资, 老板跑路, 腹泻, 发烧, 群租...) that a term-burst detector should find.
 */

/** What a template may refer to besides random fillers. */
export interface TextContext {
  readonly place: Place;
  /** Factory, restaurant or school named by an episode. */
  readonly entity?: string;
  /** Amount in yuan, so the text agrees with a dispute's `amountYuan`. */
  readonly amountYuan?: number;
  readonly parties?: number;
}

type Filler = (rng: Rng, ctx: TextContext) => string;

const LANDMARKS = ['花园', '新村', '工业区', '市场', '广场', '公寓', '村', '商业街', '小区', '大厦'];
const DURATIONS = ['两天', '三天', '一个星期', '半个月', '一个多月', '好几个月', '三个月'];
const NIGHT = ['晚上十一点多', '凌晨一点', '凌晨两三点', '半夜', '每天晚上'];
const MONTHS = ['两个月', '三个月', '四个月', '快半年'];
const SHOPS = ['小吃店', '烧烤档', '奶茶店', '快餐店', '火锅店', '肠粉店', '外卖商家', '便利店', '凉茶铺'];
const ROADS = ['龙岗大道', '深惠路', '布龙路', '坂雪岗大道', '平湖大街', '龙翔大道', '黄阁路', '宝荷路', '丹平快速', '爱联路', '吉华路', '环城路', '沙荷路', '盐龙大道'];
const BRAND_A = ['鑫', '华', '宏', '达', '盛', '隆', '兴', '富', '恒', '利', '联', '创', '力', '永', '嘉', '科'];
const BRAND_B = ['源', '泰', '丰', '发', '信', '通', '晟', '辉', '顺', '宇', '威', '美'];
const FACTORIES = ['电子厂', '五金厂', '塑胶厂', '制衣厂', '模具厂', '包装厂', '玩具厂', '印刷厂'];
const COMPANIES = [...FACTORIES, '科技有限公司', '物流公司', '装修公司', '保安公司', '劳务派遣公司'];
const RESTAURANTS = ['大排档', '酒楼', '牛杂店', '烧腊店', '自助餐厅', '潮汕砂锅粥', '湘菜馆', '农家菜馆'];
const MOBILE_PREFIXES = ['138', '139', '136', '137', '135', '150', '186', '188', '159', '177', '133', '199'];
const CONTACT = ['，联系电话{phone}', '，请回电{phone}。', '。电话：{phone}', '，call me: {phone}', '（来电号码{phone}）', '，手机{phone}，微信同号'];

function brand(rng: Rng): string {
  return rng.pick(BRAND_A) + rng.pick(BRAND_B);
}

/** A Shenzhen-style mobile number in one of the ways people write it. */
export function phoneNumber(rng: Rng): string {
  const prefix = rng.pick(MOBILE_PREFIXES);
  const mid = String(rng.int(10_000)).padStart(4, '0');
  const end = String(rng.int(10_000)).padStart(4, '0');
  const style = rng.int(4);
  if (style === 0) return `${prefix}-${mid}-${end}`;
  if (style === 1) return `${prefix} ${mid} ${end}`;
  if (style === 2) return `+86 ${prefix}${mid}${end}`;
  return `${prefix}${mid}${end}`;
}

export function factoryName(rng: Rng): string {
  return brand(rng) + rng.pick(FACTORIES);
}

export function restaurantName(rng: Rng): string {
  return brand(rng) + rng.pick(RESTAURANTS);
}

export function schoolName(place: Place, rng: Rng): string {
  return place.shortName + rng.pick(['小学', '实验学校', '中学', '幼儿园']);
}

function amount(rng: Rng, ctx: TextContext): string {
  return String(ctx.amountYuan ?? rng.between(5, 300) * 100);
}

const FILLERS: Readonly<Record<string, Filler>> = {
  place: (rng, ctx) => ctx.place.shortName + rng.pick(LANDMARKS),
  community: (_rng, ctx) => ctx.place.name,
  street: (_rng, ctx) => ctx.place.streetName,
  duration: (rng) => rng.pick(DURATIONS),
  night: (rng) => rng.pick(NIGHT),
  months: (rng) => rng.pick(MONTHS),
  shop: (rng) => rng.pick(SHOPS),
  road: (rng) => rng.pick(ROADS),
  company: (rng) => brand(rng) + rng.pick(COMPANIES),
  amount,
  parties: (rng, ctx) => String(ctx.parties ?? rng.between(3, 30)),
  phone: (rng) => phoneNumber(rng),
  order: (rng) => `SZ${rng.between(10_000_000, 99_999_999)}`,
  entity: (rng, ctx) => ctx.entity ?? brand(rng) + rng.pick(FACTORIES),
};

const HOTLINE: Readonly<Record<string, readonly string[]>> = {
  food_safety: [
    '{place}附近的{shop}卫生条件很差，后厨有老鼠，希望市场监管部门检查。',
    '在{place}的{shop}买的熟食有异味，怀疑过期变质，商家拒绝退款。',
    '{place}菜市场有商贩销售来源不明的冻肉，没有检疫证明。',
    '通过外卖App点的{shop}餐品里吃出异物，要求查处。',
    '{place}的{shop}无证经营，油烟大，食材随地堆放。',
  ],
  noise: [
    '{place}{night}还有人在广场跳舞，音响声音很大，严重影响休息。',
    '{place}楼下KTV{night}噪音扰民，已持续{duration}。',
    '{place}工地{night}违规夜间施工，噪声很大。',
    '隔壁装修每天早上七点就开始电钻，周末也不停，{place}。',
    'Noise from the bar near {place} every night until 2am, please help.',
    '{place}的酒吧{night}音乐很吵，投诉多次没有改善。',
  ],
  rental_housing: [
    '{place}出租屋楼道堆放杂物，电动车在楼道充电，存在安全隐患。',
    '房东不退押金{amount}元，已经协商{duration}没有结果。',
    '{place}城中村出租屋没有登记，住户流动大，请加强管理。',
    '房东突然要求涨租金，不同意就要求{duration}内搬走，{place}。',
    '{place}出租屋WiFi和水电费收费不透明，房东多收费用。',
  ],
  wage_arrears: [
    '在{company}上班，{months}工资没有发，公司一直说资金困难。',
    '{company}欠薪{amount}元，去劳动站投诉没有回复。',
    '装修队包工头欠我们工钱，共计{amount}元，请求帮助讨薪。',
    '离职后{company}一直不结算最后一个月工资，{place}。',
  ],
  property_management: [
    '{place}物业不作为，电梯经常坏，维修拖了{duration}。',
    '{place}物业乱收停车费，每月涨到{amount}元，业主不同意。',
    '{place}垃圾清运不及时，物业不处理。',
    '{place}门禁系统坏了{duration}，外来人员随意进出。',
    '{place}物业公司未经业主同意更换，要求公开账目。',
  ],
  environment: [
    '{place}路边垃圾堆放{duration}没人清理，气味很大。',
    '{place}附近工厂排放废气，晚上味道刺鼻，PM2.5很高。',
    '{road}旁边的河道发黑发臭，{place}居民反映强烈。',
    '{place}有人乱倒建筑垃圾和装修垃圾。',
    '{place}餐馆油烟直排，熏到楼上住户。',
  ],
  traffic: [
    '{road}和{road}路口红绿灯坏了，早高峰很堵。',
    '{place}公交站被违停车辆占用，乘客上下车危险。',
    '{road}{place}路段路面塌陷，存在安全隐患。',
    '共享单车堆满{place}人行道，无法通行。',
    '{road}泥头车超速，{place}路口经常有事故。',
  ],
  public_security: [
    '{place}附近晚上经常有人聚集喝酒闹事。',
    '电动车在{place}被盗，已报警但没有进展。',
    '收到诈骗电话冒充客服要求转账，对方号码{phone}。',
    '{place}有人在路边摆摊赌博，请派出所处理。',
  ],
  fire_safety: [
    '{place}楼道堆放杂物，消防通道被堵。',
    '{place}的商铺楼上住人，三小场所存在消防隐患。',
    '{place}电动车集中充电点没有灭火器。',
    '{place}消防栓被圈占，损坏没人修。',
  ],
  construction: [
    '{place}工地泥头车带泥上路，{road}上全是泥。',
    '{place}工地围挡倒塌，影响行人安全。',
    '{place}有人违法加建楼层，请执法队查处。',
    '{place}工地扬尘大，没有洒水。',
  ],
  consumer: [
    '在{place}商场买的手机有质量问题，商家拒绝七天无理由退货。',
    '健身房突然关门，办的VIP会员卡还有{amount}元没用完，{place}。',
    '网购的商品与描述不符，客服一直不处理，订单号{order}。',
    '{place}的培训机构关门，预付学费{amount}元无法退还。',
    '{place}超市商品标价和结账价格不一致。',
  ],
  epidemic: [
    '{place}有人从外地返深没有报备，请核实。',
    '{place}疫苗接种点排队时间太长，希望增加窗口。',
    '{place}小区消杀不到位，蚊子很多，担心登革热。',
    '{place}社康中心预约不上，App一直显示已满。',
  ],
  other: [
    '咨询{street}办理居住证需要什么材料。',
    '{place}路灯不亮已经{duration}。',
    '建议在{place}增设公共厕所。',
    '希望增加{place}到地铁站的公交线路。',
    '{place}的井盖松动，晚上走路危险。',
  ],
};

const HOTLINE_FALLBACK = ['{place}有问题需要处理，请相关部门跟进。', '反映{community}的情况，希望尽快回复。'];

const DISPUTE: Readonly<Record<string, readonly string[]>> = {
  wage_arrears: [
    '{parties}名工人反映{company}拖欠{months}工资共{amount}元，申请调解。',
    '工人与包工头因工程款结算发生纠纷，涉及工资{amount}元。',
    '{company}以订单减少为由延迟发放工资，员工{parties}人到社区求助，金额{amount}元。',
  ],
  labour: [
    '员工与{company}因解除劳动合同经济补偿发生争议，诉求{amount}元。',
    '员工在{company}受伤，双方对工伤赔偿金额有分歧，涉及{amount}元。',
    '{company}未依法缴纳社保，员工要求补缴。',
  ],
  rental: [
    '租客与房东因押金退还发生纠纷，涉及{amount}元，{place}。',
    '房东提前收房，租客要求赔偿搬家损失{amount}元。',
    '{place}租客拖欠房租{months}，房东要求搬离。',
  ],
  neighbour: [
    '{place}楼上楼下因漏水问题发生争执。',
    '{place}邻居在楼道堆放杂物引发口角。',
    '{place}住户养狗扰民，邻里多次争吵。',
  ],
  property: [
    '{place}业主与物业公司因物业费上涨发生纠纷。',
    '{place}停车位归属纠纷，涉及{amount}元。',
    '{place}业主装修损坏公共设施，物业要求赔偿{amount}元。',
  ],
  consumer: [
    '消费者与商家因预付卡退费产生纠纷，金额{amount}元。',
    '{place}装修公司工期拖延，业主要求退还{amount}元。',
    '网购退货纠纷，商家拒绝退款{amount}元。',
  ],
  family: ['夫妻因子女抚养问题发生纠纷，请求调解。', '兄弟姐妹因老人赡养费用分担发生矛盾。', '{place}家庭成员因房产分配产生纠纷。'],
  other: ['{place}居民因公共区域使用问题发生纠纷。', '{place}商户之间因门前摆卖位置发生争执。'],
};

const DISPUTE_FALLBACK = ['{place}发生纠纷，当事人申请调解。'];

/** Texts of the episode kinds, per stream. Distinctive terms on purpose. */
const EPISODE_HOTLINE: Readonly<Record<string, readonly string[]>> = {
  wage_arrears_surge: [
    '{entity}老板跑路了，拖欠工资{months}，几十个工人找不到人。',
    '{entity}拖欠工资，工人在厂门口讨薪，老板电话{phone}打不通。',
    '我们是{community}{entity}的员工，老板跑路，拖欠工资和社保，请求帮助。',
    '{entity}突然停工，拖欠工资{amount}元，听说老板跑路了。',
  ],
  pre_holiday_food_safety: [
    '在{street}的{entity}吃饭后全家腹泻呕吐，怀疑食物中毒。',
    '{entity}的外卖吃完腹泻，同事也出现同样症状。',
    '昨天在{entity}聚餐，好几个人腹泻呕吐，去医院挂了急诊。',
    '节前{entity}卖的卤味不新鲜，吃了腹泻，要求查处。',
  ],
  influenza_cluster: [
    '{entity}班上很多孩子发烧咳嗽，请假的越来越多。',
    '{place}社康中心发烧病人排长队，孩子发烧三天了。',
    '{entity}好几个班出现发烧病例，家长很担心，要求消毒。',
  ],
  rental_slow_rise: [
    '{place}二房东把房子隔成好几间群租，隔断房住了十几个人。',
    '{place}群租房人员混杂，二房东不退押金{amount}元。',
    '二房东跑了，{place}的租客押金要不回来。',
    '{place}出租屋隔断群租，楼道堆满电动车，消防隐患大。',
  ],
};

const EPISODE_DISPUTE: Readonly<Record<string, readonly string[]>> = {
  wage_arrears_surge: [
    '{entity}老板跑路，{parties}名工人被拖欠工资{amount}元，集体申请调解。',
    '{entity}拖欠工资{months}，{parties}名员工到{community}讨薪，涉及{amount}元。',
    '{entity}停产，老板跑路，拖欠工资和经济补偿共{amount}元。',
  ],
};

/** A template split once into literal text and fillers, so filling is a join, not a regex. */
type Compiled = readonly (string | Filler)[];
const compiled = new Map<string, Compiled>();

function compile(template: string): Compiled {
  const parts: (string | Filler)[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    const filler = FILLERS[m[1] ?? ''];
    if (!filler) continue;
    parts.push(template.slice(last, m.index), filler);
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  return parts.filter((p) => p !== '');
}

function fill(template: string, rng: Rng, ctx: TextContext): string {
  let parts = compiled.get(template);
  if (!parts) {
    parts = compile(template);
    compiled.set(template, parts);
  }
  // join builds one flat string; += would keep a rope of small pieces alive per record (GC cost).
  return parts.map((part) => (typeof part === 'string' ? part : part(rng, ctx))).join('');
}

/** Sometimes people leave a number: redaction must catch it. */
function withContact(text: string, rng: Rng, ctx: TextContext, odds: number): string {
  return rng.chance(odds) ? text.replace(/[。.]$/u, '') + fill(rng.pick(CONTACT), rng, ctx) : text;
}

export function hotlineText(category: string, rng: Rng, ctx: TextContext): string {
  return withContact(fill(rng.pick(HOTLINE[category] ?? HOTLINE_FALLBACK), rng, ctx), rng, ctx, 0.12);
}

export function disputeText(type: string, rng: Rng, ctx: TextContext): string {
  return fill(rng.pick(DISPUTE[type] ?? DISPUTE_FALLBACK), rng, ctx);
}

/** An episode's complaint text, or a normal one if the kind has none for this category. */
export function episodeHotlineText(kind: string, category: string, rng: Rng, ctx: TextContext): string {
  const templates = EPISODE_HOTLINE[kind];
  return templates ? withContact(fill(rng.pick(templates), rng, ctx), rng, ctx, 0.2) : hotlineText(category, rng, ctx);
}

export function episodeDisputeText(kind: string, type: string, rng: Rng, ctx: TextContext): string {
  const templates = EPISODE_DISPUTE[kind];
  return templates ? fill(rng.pick(templates), rng, ctx) : disputeText(type, rng, ctx);
}

/** A street address in the place, as callers give it. */
export function address(rng: Rng, place: Place, districtName: string): string {
  const community = place.streetCode === place.code ? '' : place.name;
  const tail = rng.chance(0.5)
    ? [rng.pick(ROADS), String(rng.between(1, 999)), '号']
    : [place.shortName, rng.pick(LANDMARKS), String(rng.between(1, 30)), '栋'];
  return ['深圳市', districtName, place.streetName, community, ...tail].join('');
}
