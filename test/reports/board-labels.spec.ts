/** Money and decimals as the board report writes them, from the decimal text (never a float). */
import {
  boardLabels,
  formatDate,
  formatDateTime,
  formatDecimal,
  formatMoment,
  formatMoney,
} from '../../src/reports/board-labels';

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
    // The end of 1 March in Örebro (CET); an hour later it is 2 March there.
    expect(formatDate('2019-03-01T22:59:59.999Z')).toBe('2019-03-01');
    expect(formatDate('2019-03-01T23:59:59.999Z')).toBe('2019-03-02');
  });

  it('writes a moment as its Stockholm day and time, the PDF and the XLSX alike', () => {
    // 00:30 on 1 January in Örebro is 23:30 on 31 December in UTC: a change of the new year.
    expect(formatDate('2018-12-31T23:30:00.000Z')).toBe('2019-01-01');
    expect(formatDateTime('2018-12-31T23:30:00.000Z')).toBe('2019-01-01 00:30:00');
    // Summer time: UTC+2.
    expect(formatDateTime('2019-06-30T21:59:59.999Z')).toBe('2019-06-30 23:59:59');
    expect(formatMoment('2019-06-30T21:59:59.999Z')).toBe('2019-06-30 (2019-06-30T21:59:59.999Z)');
  });

  it('names the figures in Swedish a board reads rightly', () => {
    const sv = boardLabels('sv');
    expect(sv.npv).toBe('Nettonuvärde, prognos');
    expect(sv.kpiHelp).toContain('hela kalkylperioden');
    expect(sv.digest).toBe('Kontrollsumma');
    // The change list's texts are the one "Sammanfattning" of the report.
    expect(Object.values(sv).filter((label) => label.startsWith('Sammanfattning'))).toEqual([
      sv.summary,
    ]);
    expect(sv.lapsed).not.toMatch(/[Ff]örfall/);
    expect(sv.daysOverdue).not.toBe('Dagar sen');
    expect(sv.runningCostCurrent).toContain('prognos');
  });
});
