import { Link } from 'react-router';
import { useFormat } from '../lib/format.ts';
import type { CategoryNode } from '../lib/categories.ts';

const HUES = [152, 200, 12, 280, 36, 330, 100, 225, 170, 4, 260, 60];

function hueOf(code: string) {
  let h = 0;
  for (const ch of code) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return HUES[h % HUES.length];
}

/** A tile with a coloured monogram: works for every script without images. */
export function CategoryTile({ node, size = 'md' }: { node: CategoryNode; size?: 'md' | 'sm' }) {
  const f = useFormat();
  const name = f.name(node.names);
  const hue = hueOf(node.code.split('.')[0]);
  return (
    <Link to={`/c/${node.id}`} className={`tile tile--${size}`}>
      <span className="tile__mono" aria-hidden="true" style={{ background: `hsl(${hue} 70% 94%)`, color: `hsl(${hue} 55% 32%)` }}>
        {Array.from(name)[0]}
      </span>
      <span className="tile__name">{name}</span>
    </Link>
  );
}
