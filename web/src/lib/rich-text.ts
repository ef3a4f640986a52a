// Product descriptions are rich text written in a small, safe subset of Markdown: "## " headings, "- " lists,
// **bold** and *italic*, paragraphs split by blank lines. Parsed to a tree that React renders as elements (never
// as HTML), so no markup a merchant types can reach the page as code.
export type Inline = { text: string; bold?: boolean; italic?: boolean };
export type Block = { kind: 'heading'; inlines: Inline[] } | { kind: 'paragraph'; lines: Inline[][] } | { kind: 'list'; items: Inline[][] };

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const re = /\*\*(.+?)\*\*|\*(.+?)\*/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    out.push(m[1] !== undefined ? { text: m[1], bold: true } : { text: m[2], italic: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

export function parseRichText(source: string): Block[] {
  const blocks: Block[] = [];
  let para: Inline[][] = [];
  let list: Inline[][] = [];
  const flush = () => {
    if (para.length) blocks.push({ kind: 'paragraph', lines: para });
    if (list.length) blocks.push({ kind: 'list', items: list });
    para = [];
    list = [];
  };
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (!line.trim()) {
      flush();
    } else if (/^#{1,3}\s+/.test(line)) {
      flush();
      blocks.push({ kind: 'heading', inlines: parseInline(line.replace(/^#{1,3}\s+/, '')) });
    } else if (/^\s*[-*•]\s+/.test(line)) {
      if (para.length) flush();
      list.push(parseInline(line.replace(/^\s*[-*•]\s+/, '')));
    } else {
      if (list.length) flush();
      para.push(parseInline(line));
    }
  }
  flush();
  return blocks;
}
