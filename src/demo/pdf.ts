// A minimal PDF writer: one A4 page with lines of text in Helvetica, enough for the demo's scanned documents (and for
// tests that need a real PDF). Text outside the standard font's WinAnsi encoding is reduced to it: accents are dropped,
// other scripts (Chinese) left out, since the page embeds no font.

/** Text as WinAnsi bytes, escaped for a PDF literal string. */
function pdfText(text: string) {
  const bytes: number[] = [];
  for (const ch of text.normalize('NFD')) {
    const c = ch.codePointAt(0)!;
    if (ch === '—') bytes.push(0x97);
    else if (c >= 0x20 && c <= 0x7e) bytes.push(...(ch === '(' || ch === ')' || ch === '\\' ? [0x5c, c] : [c]));
    else if (c >= 0xa0 && c <= 0xff) bytes.push(c);
  }
  return Buffer.from(bytes).toString('latin1').replace(/ {2,}/g, ' ').trim();
}

/** A valid one-page PDF (catalog, page tree, page, content stream, font, cross-reference table and trailer). */
export function textPdf(lines: string[]): Buffer {
  const content = ['BT', '/F1 20 Tf', '72 760 Td', '26 TL', ...lines.map((l, i) => `${i ? 'T* ' : ''}(${pdfText(l)}) Tj`), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
