/**
 * The XLSX writer's own cells, read back from the sheet XML itself (unzipped with jszip, parsed
 * with saxes, a strict XML 1.0 parser) and with exceljs, as the existing XLSX specs read files:
 * every character in the file is an XML 1.0 `Char`, a carriage return survives XML's line-end
 * normalisation, and an amount a double cannot carry exactly is a text cell with its exact
 * decimal, while an ordinary amount stays a number cell.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { CsvCell } from '../../src/reports/csv';
import { ROWS_PER_TURN, Sheet, xlsxBuffer } from '../../src/reports/xlsx';

/** A cell of the sheet XML: its `t` attribute (none for a number) and its text as parsed. */
interface XmlCell {
  readonly type: string | undefined;
  readonly text: string;
}

/** XML 1.0's `Char` production, code point by code point. */
const isXmlChar = (cp: number): boolean =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);

const sheetOf = (rows: readonly (readonly CsvCell[])[]): Sheet => ({
  name: { sv: 'Blad', en: 'Sheet' },
  columns: [
    { name: 'text', sv: 'Text', format: 'text' },
    { name: 'amount', sv: 'Belopp', format: 'sek' },
  ],
  rows,
});

/** The workbook's bytes and its first sheet's XML, as UTF-8 text (a strict decoder). */
const build = async (
  rows: readonly (readonly CsvCell[])[],
): Promise<{ buffer: Buffer; xml: string }> => {
  const buffer = await xlsxBuffer([sheetOf(rows)], 'en');
  const zip = await JSZip.loadAsync(buffer);
  const entry = zip.file(/^\/?xl\/worksheets\/sheet1\.xml$/)[0];
  expect(entry).toBeDefined();
  const bytes = await entry.async('uint8array');
  const xml = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return { buffer, xml };
};

/** Parses the sheet XML strictly (any well-formedness error fails) into its cells by address. */
const parseCells = (xml: string): Map<string, XmlCell> => {
  const errors: string[] = [];
  const cells = new Map<string, XmlCell>();
  let current: { address: string; type: string | undefined; text: string } | undefined;
  let inValue = false;
  const parser = new SaxesParser();
  parser.on('error', (error) => errors.push(error.message));
  parser.on('opentag', (tag) => {
    if (tag.name === 'c') {
      const type = tag.attributes.t;
      current = {
        address: String(tag.attributes.r),
        type: type === undefined ? undefined : String(type),
        text: '',
      };
    } else if (tag.name === 'v' || tag.name === 't') {
      inValue = true;
    }
  });
  parser.on('text', (text) => {
    if (current !== undefined && inValue) current.text += text;
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'v' || tag.name === 't') inValue = false;
    if (tag.name === 'c' && current !== undefined) {
      cells.set(current.address, { type: current.type, text: current.text });
      current = undefined;
    }
  });
  parser.write(xml).close();
  expect(errors).toEqual([]);
  return cells;
};

const readBack = async (buffer: Buffer): Promise<ExcelJS.Worksheet> => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  return book.worksheets[0];
};

describe('XLSX writer', () => {
  it('writes only XML 1.0 characters: U+FFFE, U+FFFF, lone surrogates and C0 controls as U+FFFD', async () => {
    const texts: readonly [string, string][] = [
      ['title\uFFFE', 'title\uFFFD'],
      ['\uFFFFtitle', '\uFFFDtitle'],
      ['lone \uD800 high', 'lone \uFFFD high'],
      ['lone \uDC00 low', 'lone \uFFFD low'],
      ['reversed \uDC00\uD800 pair', 'reversed \uFFFD\uFFFD pair'],
      [
        'nul\u0000 bell\u0007 vt\u000B ff\u000C esc\u001B us\u001F',
        'nul\uFFFD bell\uFFFD vt\uFFFD ff\uFFFD esc\uFFFD us\uFFFD',
      ],
      // DEL is an XML character, but exceljs drops it: it shows as the other controls do.
      ['del\u007F', 'del\uFFFD'],
      // Characters XML allows stay as they are.
      ['tab\tline\nend', 'tab\tline\nend'],
      ['pair \u{1F600} å ä ö \uFFFD', 'pair \u{1F600} å ä ö \uFFFD'],
      ['c1 \u0085\u009F', 'c1 \u0085\u009F'],
    ];
    const { buffer, xml } = await build(texts.map(([text]) => [{ text }, null]));

    const outside = [...xml].filter((c) => !isXmlChar(c.codePointAt(0) ?? -1));
    expect(outside.map((c) => c.codePointAt(0)?.toString(16))).toEqual([]);
    const cells = parseCells(xml);
    texts.forEach(([, expected], i) => {
      expect(cells.get(`A${i + 2}`)?.text).toBe(expected);
    });

    const sheet = await readBack(buffer);
    texts.forEach(([, expected], i) => {
      expect(sheet.getCell(`A${i + 2}`).value).toBe(expected);
    });
  });

  it('keeps a carriage return: "\\rCR" reads back as "\\rCR", not "\\nCR"', async () => {
    const texts = ['\rCR', 'a\r\nb', 'c\rd\n\re\r'];
    const { buffer, xml } = await build(texts.map((text) => [{ text }, null]));

    expect(xml).not.toContain('\r');
    expect(xml).toContain('&#13;CR');
    const cells = parseCells(xml);
    texts.forEach((text, i) => expect(cells.get(`A${i + 2}`)?.text).toBe(text));

    const sheet = await readBack(buffer);
    texts.forEach((text, i) => expect(sheet.getCell(`A${i + 2}`).value).toBe(text));
  });

  it('writes an amount a double cannot carry as a text cell with its exact decimal', async () => {
    const amounts: readonly [string, 'number' | 'text'][] = [
      ['1199999999999995.24', 'text'],
      ['-475035765643594.99', 'text'],
      ['12345678901234.56', 'text'],
      ['120000000.00', 'number'],
      ['999999999999.99', 'number'],
      ['-1000000000000.00', 'number'],
      ['0.00', 'number'],
      ['-600.50', 'number'],
      // 18 digits, 2 of them significant: a double holds it exactly.
      ['1200000000000000.00', 'number'],
      ['0.8123', 'number'],
    ];
    const { buffer, xml } = await build(amounts.map(([number]) => [null, { number }]));
    const cells = parseCells(xml);
    const sheet = await readBack(buffer);

    amounts.forEach(([amount, kind], i) => {
      const address = `B${i + 2}`;
      const cell = cells.get(address);
      const read = sheet.getCell(address);
      if (kind === 'text') {
        expect(cell?.type).toBe('str');
        expect(cell?.text).toBe(amount);
        expect(read.type).toBe(ExcelJS.ValueType.String);
        expect(read.value).toBe(amount);
      } else {
        expect(cell?.type).toBeUndefined();
        expect(cell?.text).toBe(String(Number(amount)));
        expect(read.type).toBe(ExcelJS.ValueType.Number);
        expect(read.value).toBe(Number(amount));
      }
    });
  });

  it('lets other work on the thread run while a large sheet is written', async () => {
    // Counts the event loop's turns; rows in memory used to follow one another as microtasks,
    // holding the thread (and every other request) for the whole sheet.
    let turns = 0;
    let running = true;
    const tick = (): void => {
      if (!running) return;
      turns += 1;
      setImmediate(tick);
    };
    setImmediate(tick);
    const seen: number[] = [];
    function* rows(): Generator<readonly CsvCell[]> {
      for (let i = 0; i < 5 * ROWS_PER_TURN; i++) {
        seen.push(turns);
        yield [{ text: `row ${i}` }, { number: `${i}.00` }];
      }
    }
    await xlsxBuffer([{ ...sheetOf([]), rows: rows() }], 'en');
    running = false;
    expect(seen).toHaveLength(5 * ROWS_PER_TURN);
    // Turns came between the rows, at least once per ROWS_PER_TURN of them.
    expect(seen[seen.length - 1] - seen[0]).toBeGreaterThanOrEqual(4);
  });
});
