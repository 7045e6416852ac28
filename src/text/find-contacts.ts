/**
 * Contact data as people actually write it to get past filters: full-width digits and letters
 * (１３３９１２１９７９３, ＷｅＣｈａｔ), digits spaced, dotted or dashed apart (1 3 3 9 …, 138.0013.8000),
 * Chinese numeral digits (一三三九一二一九七九三), and messaging ids behind the many spellings of
 * WeChat, QQ and Telegram-style labels (vx, V信, 薇信, 加V, 企鹅号, ＠handle). Ordinary figures in the
 * park's documents (2020年7月3日, 1022亿元, 21.9%, 3150家, PD-1, G60) are not contacts.
 */

/** A named person's mobile number or messaging id is `personal`; hotlines, office lines and e-mails are `organisational`. */
export type ContactKind = 'personal' | 'organisational';

export interface FoundContact {
  /** Where it is in the original text (UTF-16 offsets, end exclusive). */
  start: number;
  end: number;
  kind: ContactKind;
  /** The contact however it was written: the digits of a number (no country code), an e-mail or id in lower case. */
  key: string;
}

const chineseDigits: Record<string, string> = { 〇: '0', 零: '0', 幺: '1', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

const mappedCharacters = new Map<string, string>();

/** A character as matched: a Chinese numeral digit as its digit, anything else as NFKC (remembered: "，" is everywhere). */
function mappedCharacter(character: string): string {
  let mapped = mappedCharacters.get(character);
  if (mapped === undefined) {
    mapped = chineseDigits[character] ?? character.normalize('NFKC');
    // Bounded: a text of many distinct rare characters cannot grow it without end.
    if (mappedCharacters.size < 10_000) mappedCharacters.set(character, mapped);
  }
  return mapped;
}

interface Normalised {
  text: string;
  /** Where the original character that gave character `index` of `text` starts, and where it ends. */
  from(index: number): number;
  to(index: number): number;
}

/** Characters that may read differently once normalised: all but ASCII and the CJK ideographs that are not numerals. */
const mayChange = /[^\x00-\x7f\u4e00-\u9fff]|[〇零幺一二三四五六七八九]/gu;

/**
 * NFKC per character (full-width forms to ASCII) and Chinese numeral digits to Arabic ones, keeping
 * for every resulting character where it came from, so a match is cut out of the text as written.
 */
function normalise(text: string): Normalised {
  // Nearly always every character maps to one of the same length ("，" → ","): offsets stay as they are.
  let sameLength = true;
  const quick = text.replace(mayChange, (character) => {
    const mapped = mappedCharacter(character);
    if (mapped.length !== character.length) sameLength = false;
    return mapped;
  });
  if (sameLength) return { text: quick, from: (index) => index, to: (index) => index + 1 };
  let normalised = '';
  const from: number[] = [];
  const to: number[] = [];
  let offset = 0;
  for (const character of text) {
    const mapped = mappedCharacter(character);
    for (let index = 0; index < mapped.length; index += 1) {
      from.push(offset);
      to.push(offset + character.length);
    }
    normalised += mapped;
    offset += character.length;
  }
  return { text: normalised, from: (index) => from[index] ?? text.length, to: (index) => to[index] ?? text.length };
}

// ---------------------------------------------------------------------------------------------
// Numbers: runs of digit groups with up to three separators between them

const separator = String.raw`[ \t\u00a0.\-_·•/()\u2010-\u2015]`;
const digitRun = new RegExp(String.raw`(?:\+|\()?\d+(?:${separator}{1,3}\d+)*`, 'g');
const countryCode = /^(?:\+?86|0086)$/;
/** A label that makes a 7–8 digit local number a phone number ("电话：6666 8888", "Tel: 66668888"). */
const phoneLabelBefore = /(?:电话|热线|座机|传真|tel|phone|fax)(?:\s*(?:号码|number|no\.?))?\s*[:=]?\s*[(]?$/i;

interface DigitGroup {
  digits: string;
  start: number;
  end: number;
}

/** What a number written as these groups is: judged on its digits, and on a shape people use for phone numbers. */
function classifyNumber(groups: DigitGroup[], labelled: boolean): { kind: ContactKind; key: string } | null {
  const [first] = groups;
  if (first === undefined) return null;
  const international = groups.length > 1 && countryCode.test(first.digits);
  const body = international ? groups.slice(1) : groups;
  // One group as written, every digit spaced apart, or groups of three or more (138 0013 8000, 0512-6666-8888):
  // a list of figures ("1 3 5 7 9 11 13") is none of these.
  const lengths = body.map((group) => group.digits.length);
  const shaped = body.length === 1 || lengths.every((length) => length === 1) || lengths.every((length) => length >= 3);
  if (!shaped) return null;
  const digits = body.map((group) => group.digits).join('');
  if (/^1[3-9]\d{9}$/.test(digits)) return { kind: 'personal', key: digits };
  if (/^[48]00\d{7}$/.test(digits)) return { kind: 'organisational', key: digits };
  if (/^0[1-9]\d{8,10}$/.test(digits)) return { kind: 'organisational', key: digits };
  if (international && /^[2-9]\d{9,10}$/.test(digits)) return { kind: 'organisational', key: `0${digits}` };
  if (labelled && /^\d{7,8}$/.test(digits)) return { kind: 'organisational', key: digits };
  return null;
}

/** A contact found in the normalised text (offsets into it, not yet into the original). */
type Candidate = FoundContact;

/** The first phone number at or after `from`: within a run of digit groups, the longest phone-shaped stretch of whole groups. */
function firstNumber(text: string, from: number): Candidate | null {
  digitRun.lastIndex = from;
  for (let run = digitRun.exec(text); run !== null; run = digitRun.exec(text)) {
    const runStart = run.index;
    const groups: DigitGroup[] = [...run[0].matchAll(/\+?\d+/g)].map((group) => ({
      digits: group[0].replace('+', ''),
      start: runStart + group.index,
      end: runStart + group.index + group[0].length,
    }));
    // Two numbers one space apart are two contacts, and a table row of figures is none.
    for (let index = 0; index < groups.length; index += 1) {
      let best: { last: number; kind: ContactKind; key: string } | null = null;
      const groupStart = groups[index]?.start ?? 0;
      const labelled = phoneLabelBefore.test(text.slice(Math.max(0, groupStart - 16), groupStart));
      // No phone number has more than 15 digits (with its country code): longer stretches are not tried.
      let digits = 0;
      for (let last = index; last < groups.length; last += 1) {
        digits += groups[last]?.digits.length ?? 0;
        if (digits > 15) break;
        const verdict = classifyNumber(groups.slice(index, last + 1), labelled);
        if (verdict !== null) best = { last, ...verdict };
      }
      if (best === null) continue;
      // An opening "(" of "(0512) 6666 8888" goes with the number.
      const start = index === 0 && run[0].startsWith('(') ? runStart : groupStart;
      return { start, end: groups[best.last]?.end ?? groupStart, kind: best.kind, key: best.key };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// E-mail addresses and messaging ids

/** Never end on the "V" of a "V信" label that follows: "…@example.orgV信：…" is an e-mail and then an id. */
const notIntoLabel = String.raw`(?!(?<=[Vv])信)`;
const emailPattern = new RegExp(String.raw`[A-Za-z0-9._%+-]+ ?@ ?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}${notIntoLabel}`, 'g');

/** Labels written in Chinese (or mixed) name a messaging account by themselves. */
const chineseLabel = String.raw`微信|薇信|威信|[Vv]信|企鹅|扣扣|加[Vv微]`;
/** Latin labels are ordinary words too ("the WeChat mini-program"): they need a colon, "ID", or an id that looks like one. */
const latinLabel = String.raw`vx|wx|wechat|weixin|qq|telegram|whatsapp|tg`;
const labelSuffix = String.raw`(?:\s*(?:号码|号|账号|帐号|id|account|number|no\.?))?`;
const labelLink = String.raw`(?:\s*(?:是|为|[:=@]))?\s*`;
// An id ends where no id character follows, or where a "V信" label begins ("…@sp_zhangV信：…" is two ids).
const handle = String.raw`@?([A-Za-z0-9][-_A-Za-z0-9]{3,63})(?:(?=[Vv]信)|(?![-_A-Za-z0-9]))${notIntoLabel}`;
// A Latin label is a word of its own ("vx", not the end of "avx"); a Chinese one may follow anything ("13800138000加V …").
const labelledId = new RegExp(String.raw`(?:(${chineseLabel})|(?<![A-Za-z])(${latinLabel}))(${labelSuffix})(${labelLink})${handle}`, 'gi');
/** A bare ＠handle (not an e-mail's "@"): a Telegram/WeChat-style id. */
const bareHandle = new RegExp(String.raw`(?<![A-Za-z0-9._%+-])@([A-Za-z][-_A-Za-z0-9]{3,63})(?:(?=[Vv]信)|(?![-_A-Za-z0-9]))${notIntoLabel}`, 'g');

/** The first match of `pattern` at or after `from` that `accept` turns into a contact. */
function firstMatch(pattern: RegExp, text: string, from: number, accept: (match: RegExpExecArray) => Candidate | null): Candidate | null {
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const candidate = accept(match);
    if (candidate !== null) return candidate;
    // A refused match may overlap one that would be accepted: look again from its next character.
    pattern.lastIndex = match.index + 1;
  }
  return null;
}

function labelledIdAt(match: RegExpExecArray): Candidate | null {
  const [whole, chinese, , suffix = '', link = '', id = ''] = match;
  // Without a colon or "号/ID", the word after a label must look like an id, not a year ("微信2023年") or
  // an ordinary word ("WeChat mini-programs"): letters for a Chinese label, letters with digits or "_"
  // for a Latin one, or a QQ-style number of five digits or more.
  const explicit = suffix.trim() !== '' || /[:=@是为]/.test(link) || whole.includes(`@${id}`);
  const looksLikeId = /^\d{5,}$/.test(id) || (/[A-Za-z]/.test(id) && (chinese !== undefined || /[\d_]/.test(id)));
  return explicit || looksLikeId ? { start: match.index, end: match.index + whole.length, kind: 'personal', key: id.toLowerCase() } : null;
}

const finders: Array<(text: string, from: number) => Candidate | null> = [
  (text, from) => firstMatch(labelledId, text, from, labelledIdAt),
  (text, from) =>
    firstMatch(bareHandle, text, from, (match) => ({
      start: match.index,
      end: match.index + match[0].length,
      kind: 'personal',
      key: (match[1] ?? '').toLowerCase(),
    })),
  (text, from) =>
    firstMatch(emailPattern, text, from, (match) => ({
      start: match.index,
      end: match.index + match[0].length,
      kind: 'organisational',
      key: match[0].replaceAll(' ', '').toLowerCase(),
    })),
  firstNumber,
];

/**
 * Every contact in `text`, in order: at each point the one that starts first (and runs longest), then the
 * search goes on after it, so contacts written back to back ("…8000boss@example.com") are each found.
 */
export function findContacts(text: string): FoundContact[] {
  const normalised = normalise(text);
  // Found contacts are blotted out (same length, so offsets hold) for what comes after: the next one is
  // judged as if they were already removed, the way a delta after a removed contact is.
  let searched = normalised.text;
  const found: FoundContact[] = [];
  for (let from = 0; ;) {
    let next: Candidate | null = null;
    for (const find of finders) {
      const candidate = find(searched, from);
      if (candidate !== null && (next === null || candidate.start < next.start || (candidate.start === next.start && candidate.end > next.end)))
        next = candidate;
    }
    if (next === null) return found;
    found.push({ start: normalised.from(next.start), end: normalised.to(next.end - 1), kind: next.kind, key: next.key });
    searched = `${searched.slice(0, next.start)}${'#'.repeat(next.end - next.start)}${searched.slice(next.end)}`;
    from = next.end;
  }
}
