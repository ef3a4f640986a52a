import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

type Row = { name: string; store: string | null; gmv: number; share: string };
const COLUMNS = [
  { key: 'name', header: '商品名称' },
  { key: 'store', header: 'Cửa hàng' },
  { key: 'gmv', header: 'GMV (分)' },
  { key: 'share', header: 'Tỷ lệ, %' },
] as const;

describe('CSV export', () => {
  it('round-trips Chinese and Vietnamese text with commas, quotes and line breaks', () => {
    const rows: Row[] = [
      { name: '西湖龙井 "明前", 250g', store: 'Cà phê Trung Nguyên', gmv: 1_999_900, share: '12,5' },
      { name: 'Bánh chưng\nTết Nguyên Đán', store: '杭州茶庄', gmv: 0, share: '0' },
      { name: 'Nước mắm Phú Quốc', store: null, gmv: 350_000, share: '87,5' },
    ];
    const csv = toCsv(COLUMNS, rows);
    const parsed: string[][] = parse(csv, { bom: true });
    expect(parsed).toEqual([
      COLUMNS.map((c) => c.header),
      ['西湖龙井 "明前", 250g', 'Cà phê Trung Nguyên', '1999900', '12,5'],
      ['Bánh chưng\nTết Nguyên Đán', '杭州茶庄', '0', '0'],
      ['Nước mắm Phú Quốc', '', '350000', '87,5'],
    ]);
  });

  it('starts with a UTF-8 byte order mark and ends lines with CRLF, so Excel opens it as UTF-8', () => {
    const bytes = Buffer.from(toCsv(COLUMNS, [{ name: '茶', store: 'Trà', gmv: 1, share: '1' }]), 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toBe('\ufeff商品名称,Cửa hàng,GMV (分),"Tỷ lệ, %"\r\n茶,Trà,1,1\r\n');
  });

  it('keeps a cell that looks like a formula as text, and negative numbers as numbers', () => {
    const csv = toCsv([{ key: 'a', header: 'a' }, { key: 'b', header: 'b' }], [{ a: '=HYPERLINK("http://x")', b: -3 }]);
    expect(parse(csv, { bom: true })[1]).toEqual([`'=HYPERLINK("http://x")`, '-3']);
  });
});
