// The fixed tables quantities.ts renders Chinese quantities with: magnitudes, units and measure words, prefixes, suffixes, date edges.

export const magnitudes: ReadonlyArray<readonly [string, number]> = [
  ['万亿', 12],
  ['千万', 7],
  ['百万', 6],
  ['亿', 8],
  ['万', 4],
];

interface Unit {
  one: string;
  many: string;
  /** Measure words count things; their noun is dropped when a metric label names the things. */
  counted: boolean;
  /** `%` attaches without a space. */
  attached?: boolean;
}

const unit = (one: string, many = one, counted = false): Unit => ({ one, many, counted });
const counter = (one: string, many: string): Unit => ({ one, many, counted: true });
// Measure words whose noun depends on context (个, 件, 张…) render as a bare number.
const bareCounter: Unit = { one: '', many: '', counted: true };

export const units: Readonly<Record<string, Unit>> = {
  元: unit('yuan'),
  美元: unit('US dollar', 'US dollars'),
  平方米: unit('m²'),
  '㎡': unit('m²'),
  平方公里: unit('km²'),
  公里: unit('km'),
  千米: unit('km'),
  毫米: unit('mm'),
  米: unit('m'),
  吨: unit('tonne', 'tonnes'),
  亩: unit('mu'),
  '%': { one: '%', many: '%', counted: false, attached: true },
  个百分点: unit('percentage point', 'percentage points'),
  倍: unit('times'),
  年: unit('year', 'years'),
  个月: unit('month', 'months'),
  天: unit('day', 'days'),
  小时: unit('hour', 'hours'),
  分钟: unit('minute', 'minutes'),
  岁: unit('year old', 'years old'),
  家: counter('company', 'companies'),
  人: counter('person', 'people'),
  名: counter('person', 'people'),
  位: counter('person', 'people'),
  项: counter('item', 'items'),
  款: counter('product', 'products'),
  支: counter('team', 'teams'),
  所: counter('institution', 'institutions'),
  台: counter('unit', 'units'),
  套: counter('set', 'sets'),
  批: counter('batch', 'batches'),
  种: counter('kind', 'kinds'),
  次: counter('time', 'times'),
  例: counter('case', 'cases'),
  场: counter('session', 'sessions'),
  篇: counter('article', 'articles'),
  个: bareCounter,
  件: bareCounter,
  张: bareCounter,
  座: bareCounter,
  条: bareCounter,
};
export const unitKeys = Object.keys(units).sort((a, b) => b.length - a.length);

export const prefixes: ReadonlyArray<readonly [string, string]> = [
  ['将近', 'nearly'],
  ['接近', 'nearly'],
  ['超过', 'over'],
  ['超出', 'over'],
  ['突破', 'over'],
  ['大约', 'about'],
  ['不足', 'under'],
  ['不到', 'under'],
  ['高达', 'as much as'],
  ['最高', 'up to'],
  ['近', 'nearly'],
  ['超', 'over'],
  ['逾', 'over'],
  ['约', 'about'],
];
// 最近 (recently), 签约 (sign) and the like end in a prefix character without being one.
export const falsePrefixBefore: Readonly<Record<string, string>> = { 近: '最附', 约: '签合制节公条', 超: '高' };

export const suffixes: ReadonlyArray<readonly [string, (value: string) => string]> = [
  ['以上', (value) => `${value} or more`],
  ['以下', (value) => `${value} or less`],
  ['以内', (value) => `up to ${value}`],
  ['左右', (value) => `about ${value}`],
];

export const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const dashes = '—–-~～至到';
export const yearEdges: ReadonlyArray<readonly [string, string]> = [
  ['上半年', 'the first half of'],
  ['下半年', 'the second half of'],
  ['年底', 'the end of'],
  ['年末', 'the end of'],
  ['年初', 'the start of'],
];
