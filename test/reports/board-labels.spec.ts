/** Money and decimals as the board report writes them, from the decimal text (never a float). */
import { formatDate, formatDecimal, formatMoney } from '../../src/reports/board-labels';

describe('board report formats', () => {
  it('writes money as 1 234 567,89 kr in Swedish and SEK 1,234,567.89 in English', () => {
    expect(formatMoney('1234567.89', 'sv')).toBe('1 234 567,89 kr');
    expect(formatMoney('1234567.89', 'en')).toBe('SEK 1,234,567.89');
    expect(formatMoney('-800000.00', 'sv')).toBe('-800 000,00 kr');
    expect(formatMoney('0.00', 'sv')).toBe('0,00 kr');
    expect(formatMoney('999.5', 'sv')).toBe('999,50 kr');
    // The ledger's largest amount keeps every öre (a double would too here, but the text never passes through one).
    expect(formatMoney('1000000000000.00', 'sv')).toBe('1 000 000 000 000,00 kr');
    expect(formatMoney(null, 'sv')).toBe('–');
  });

  it('writes ratios with the language decimal mark and dates as YYYY-MM-DD', () => {
    expect(formatDecimal('0.7511', 'sv')).toBe('0,7511');
    expect(formatDecimal('0.7511', 'en')).toBe('0.7511');
    expect(formatDate('2019-03-01T23:59:59.999Z')).toBe('2019-03-01');
  });
});
