// CSV (RFC 4180 quoting, formula guard, body cell), NDJSON lines and JSON fixtures.
import { describe, expect, it } from 'vitest';
import { BODY_CELL_LIMIT, CSV_COLUMNS, csvCell, toCsv } from '../../../protocol/export/csv.js';
import { renderExport } from '../../../protocol/export/export-format.js';
import { toFixtures } from '../../../protocol/export/fixtures.js';
import { toNdjson } from '../../../protocol/export/ndjson.js';
import { exportEvent, NASTY_BYTES } from '../../helpers/export-events.js';

/** A small RFC 4180 reader, to prove the writer's output reads back cell for cell. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && ch === '"') {
      quoted = false;
    } else if (quoted || (ch !== '"' && ch !== ',' && ch !== '\r')) {
      cell += ch;
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += ch;
    }
  }
  return rows;
}

describe('CSV', () => {
  it('quotes commas, quotes and line breaks, and reads back cell for cell', () => {
    const body = 'a,b "c"\r\nline two\nend';
    const csv = toCsv([exportEvent({ path: '/x,y', query: 'q="1"', bodyBytes: body, lastStatus: 404 })]);
    const rows = readCsv(csv);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const cells = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[1]![i]]));
    expect(cells).toMatchObject({
      path: '/x,y',
      query: 'q="1"',
      body,
      status: '404',
      method: 'POST',
      bodyComplete: 'yes',
    });
    expect(rows).toHaveLength(2);
  });

  it('guards cells that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('plain')).toBe('plain');
    const csv = toCsv([exportEvent({ bodyBytes: '=cmd|" /C calc"!A0', path: '/@x' })]);
    const row = readCsv(csv)[1]!;
    expect(row[CSV_COLUMNS.indexOf('body')]).toBe('\'=cmd|" /C calc"!A0');
    expect(row[CSV_COLUMNS.indexOf('path')]).toBe('/@x');
  });

  it('leaves binary bodies out and cuts long text, saying so', () => {
    const rows = readCsv(
      toCsv([exportEvent({ bodyBytes: NASTY_BYTES }), exportEvent({ bodyBytes: 'x'.repeat(BODY_CELL_LIMIT + 10) })]),
    );
    const body = CSV_COLUMNS.indexOf('body');
    const complete = CSV_COLUMNS.indexOf('bodyComplete');
    expect(rows[1]![body]).toBe('');
    expect(rows[1]![complete]).toBe('no');
    expect(rows[2]![body]).toHaveLength(BODY_CELL_LIMIT);
    expect(rows[2]![complete]).toBe('no');
  });
});

describe('NDJSON', () => {
  it('is one event in full per line, each line JSON', () => {
    const events = [exportEvent({ bodyBytes: 'a\nb' }), exportEvent({ bodyBytes: NASTY_BYTES })];
    const text = toNdjson(events);
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((l) => JSON.parse(l))).toEqual(events);
  });
});

describe('JSON fixtures', () => {
  it('keep text bodies as text and the rest as base64, exact bytes recoverable', () => {
    const file = toFixtures(
      [
        exportEvent({
          bodyBytes: '{"a":"é"}',
          headers: [
            ['A', '1'],
            ['a', '2'],
          ],
        }),
        exportEvent({ bodyBytes: NASTY_BYTES }),
      ],
      new Date('2025-02-03T00:00:00Z'),
    );
    expect(file.format).toBe('porthole.fixtures');
    expect(file.exportedAt).toBe('2025-02-03T00:00:00.000Z');
    const [text, binary] = file.events;
    expect(text).toMatchObject({
      bodyEncoding: 'utf8',
      body: '{"a":"é"}',
      headers: [
        ['A', '1'],
        ['a', '2'],
      ],
      bodySize: 10,
    });
    expect(binary!.bodyEncoding).toBe('base64');
    expect(Buffer.from(binary!.body, 'base64')).toEqual(NASTY_BYTES);
    expect(JSON.parse(renderExport('json', [exportEvent()]))).toMatchObject({ version: 1 });
  });
});
