/** Chinese digits (两 is 2, 〇 is 0). */
export const chineseDigitValue: Readonly<Record<string, number>> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Chinese units: 十百千 within a section, 万 and 亿 closing one. */
export const chineseUnitValue: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1_000, 万: 10_000, 亿: 100_000_000 };

export interface ParseNumeralOptions {
  /**
   * Read a run that is not one well-formed number anyway, the last digit before each unit counting
   * (十四五 → 15): for rendering a figure already known to be one. Without it such a run is null.
   */
  lenient?: boolean;
}

/**
 * The value of a run of Chinese numeral characters: 两千 → 2000, 一百零五 → 105, 一百五十万 → 1,500,000,
 * 十 → 10. Two digits in a row (十四五, 七八) is a list or an approximation, not one number: null,
 * unless `lenient`. Characters that are neither digits nor units are passed over.
 */
export function parseChineseNumeral(run: string, { lenient = false }: ParseNumeralOptions = {}): number | null {
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const character of run) {
    const digitValue = chineseDigitValue[character];
    const unitValue = chineseUnitValue[character];
    if (digitValue !== undefined) {
      if (!lenient) {
        if (digitValue === 0) continue;
        if (digit !== null) return null;
      }
      digit = digitValue;
    } else if (character === '万' || character === '亿') {
      const unit = unitValue ?? 1;
      const scaled = (character === '亿' ? total : 0) + section + (digit ?? 0);
      total = (character === '亿' ? 0 : total) + (scaled === 0 ? 1 : scaled) * unit;
      section = 0;
      digit = null;
    } else if (unitValue !== undefined) {
      // A unit with no digit before it (十二, 一百零十) counts once; a 零 before it reads the same.
      section += (digit || 1) * unitValue;
      digit = null;
    }
  }
  return total + section + (digit ?? 0);
}
