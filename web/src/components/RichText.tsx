// Renders a product description (see lib/rich-text.ts) as plain React elements.
import { Fragment } from 'react';
import { parseRichText, type Inline } from '../lib/rich-text.ts';

function Inlines({ parts }: { parts: Inline[] }) {
  return (
    <>
      {parts.map((p, i) => (p.bold ? <strong key={i}>{p.text}</strong> : p.italic ? <em key={i}>{p.text}</em> : <Fragment key={i}>{p.text}</Fragment>))}
    </>
  );
}

export function RichText({ source, headingLevel = 3 }: { source: string; headingLevel?: 3 | 4 }) {
  const Heading = `h${headingLevel}` as 'h3' | 'h4';
  return (
    <div className="rich-text">
      {parseRichText(source).map((b, i) =>
        b.kind === 'heading' ? (
          <Heading key={i}><Inlines parts={b.inlines} /></Heading>
        ) : b.kind === 'list' ? (
          <ul key={i}>{b.items.map((it, j) => <li key={j}><Inlines parts={it} /></li>)}</ul>
        ) : (
          <p key={i}>{b.lines.map((l, j) => <Fragment key={j}>{j > 0 && <br />}<Inlines parts={l} /></Fragment>)}</p>
        ),
      )}
    </div>
  );
}
