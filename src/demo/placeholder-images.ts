// Product placeholder pictures for the demo: a soft gradient, a few shapes, and a simple silhouette of the kind
// of product (a tea tin, a plush bear, a folded duvet...). Drawn as SVG and rendered by sharp; no text, so no
// fonts are needed on a fresh machine.
import { loadSharp } from '../kernel/sharp.ts';
import type { Rng } from './random.ts';

export type Motif =
  | 'tin' | 'giftbox' | 'leaves' | 'teacake' | 'flower' | 'pouch' | 'cookies' | 'seeds'
  | 'blocks' | 'bear' | 'shapes' | 'figure' | 'tee' | 'babybottle'
  | 'bedding' | 'duvet' | 'pillow' | 'curtain' | 'plate' | 'tumbler'
  | 'tube' | 'dropper' | 'jar' | 'sheetmask' | 'lipstick' | 'pump';

/** Main colours of a category's pictures; each picture takes one as its main colour and another as its accent. */
export type Palette = readonly string[];

const SIZE = 480;

function rgb(hex: string) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Mixes a colour toward another: t = 0 keeps a, t = 1 gives b. */
function mix(a: string, b: string, t: number) {
  const [x, y] = [rgb(a), rgb(b)];
  return '#' + x.map((v, i) => Math.round(v + (y[i] - v) * t).toString(16).padStart(2, '0')).join('');
}
const tint = (c: string, t: number) => mix(c, '#ffffff', t);
const shade = (c: string, t: number) => mix(c, '#1d1d1f', t);

type Colors = { main: string; dark: string; light: string; accent: string; accentLight: string };

/** The silhouette, centred on the canvas, standing on y ≈ 390. */
function silhouette(m: Motif, c: Colors, r: Rng): string {
  switch (m) {
    case 'tin':
      return `<rect x="160" y="165" width="160" height="225" rx="16" fill="${c.main}"/>
        <rect x="150" y="140" width="180" height="46" rx="12" fill="${c.dark}"/>
        <rect x="160" y="250" width="160" height="62" fill="${c.accent}"/>
        <circle cx="240" cy="281" r="20" fill="${c.accentLight}"/>
        <rect x="172" y="190" width="14" height="185" rx="7" fill="#fff" opacity=".18"/>`;
    case 'giftbox':
      return `<rect x="125" y="205" width="230" height="185" rx="10" fill="${c.main}"/>
        <rect x="110" y="170" width="260" height="58" rx="10" fill="${c.dark}"/>
        <rect x="226" y="170" width="28" height="220" fill="${c.accent}"/>
        <ellipse cx="208" cy="156" rx="34" ry="18" transform="rotate(-20 208 156)" fill="${c.accent}"/>
        <ellipse cx="272" cy="156" rx="34" ry="18" transform="rotate(20 272 156)" fill="${c.accent}"/>
        <circle cx="240" cy="166" r="12" fill="${c.accentLight}"/>`;
    case 'leaves': {
      const leaf = (x: number, y: number, a: number, f: string) =>
        `<path d="M0,0 C30,-40 90,-40 120,0 C90,40 30,40 0,0 Z" transform="translate(${x} ${y}) rotate(${a})" fill="${f}"/>
         <path d="M6,0 L112,0" transform="translate(${x} ${y}) rotate(${a})" stroke="#fff" stroke-opacity=".45" stroke-width="3"/>`;
      return `${leaf(150, 300, -40, c.main)}${leaf(220, 300, -80, c.dark)}${leaf(250, 310, -25, c.accent)}
        <path d="M110,300 L370,300 C365,370 320,392 240,392 C160,392 115,370 110,300 Z" fill="${c.light}"/>
        <path d="M110,300 L370,300" stroke="${c.dark}" stroke-width="6" stroke-linecap="round"/>`;
    }
    case 'teacake':
      return `<ellipse cx="240" cy="300" rx="150" ry="78" fill="${c.dark}"/>
        <ellipse cx="240" cy="285" rx="150" ry="78" fill="${c.main}"/>
        <ellipse cx="240" cy="285" rx="112" ry="56" fill="none" stroke="${c.accentLight}" stroke-width="4" stroke-dasharray="10 8"/>
        <ellipse cx="240" cy="285" rx="34" ry="17" fill="${c.accent}"/>`;
    case 'flower': {
      const n = r.int(5, 8);
      const petals = Array.from({ length: n }, (_, i) =>
        `<ellipse cx="240" cy="150" rx="30" ry="62" transform="rotate(${(360 / n) * i} 240 210)" fill="${i % 2 ? c.main : tint(c.main, 0.25)}"/>`).join('');
      return `<path d="M240,240 C236,300 250,340 240,392" stroke="${c.dark}" stroke-width="10" fill="none" stroke-linecap="round"/>
        <ellipse cx="285" cy="335" rx="36" ry="14" transform="rotate(-30 285 335)" fill="${c.dark}"/>
        ${petals}<circle cx="240" cy="210" r="30" fill="${c.accent}"/>`;
    }
    case 'pouch':
      return `<path d="M150,150 L330,150 L340,370 C340,385 330,392 318,392 L162,392 C150,392 140,385 140,370 Z" fill="${c.main}"/>
        <rect x="150" y="150" width="180" height="30" fill="${c.dark}"/>
        <ellipse cx="240" cy="290" rx="62" ry="58" fill="${c.light}"/>
        ${Array.from({ length: 7 }, (_, i) => `<ellipse cx="${205 + (i % 4) * 22}" cy="${272 + Math.floor(i / 4) * 30}" rx="13" ry="10" fill="${c.accent}"/>`).join('')}`;
    case 'cookies':
      return [0, 1, 2].map((i) => {
        const y = 350 - i * 46;
        return `<ellipse cx="240" cy="${y + 10}" rx="120" ry="34" fill="${c.dark}"/><ellipse cx="240" cy="${y}" rx="120" ry="34" fill="${i === 1 ? c.accent : c.main}"/>
          ${[-60, -20, 25, 65].map((dx, k) => `<circle cx="${240 + dx}" cy="${y + (k % 2 ? 8 : -6)}" r="6" fill="${c.dark}" opacity=".55"/>`).join('')}`;
      }).join('');
    case 'seeds':
      return `<path d="M160,170 L320,170 L330,392 L150,392 Z" fill="${c.main}"/>
        <rect x="160" y="170" width="160" height="26" fill="${c.dark}"/>
        <circle cx="240" cy="280" r="54" fill="${c.light}"/>
        ${Array.from({ length: 6 }, (_, i) => `<ellipse cx="240" cy="252" rx="12" ry="26" transform="rotate(${i * 60} 240 280)" fill="${c.accent}"/>`).join('')}
        <circle cx="240" cy="280" r="12" fill="${c.dark}"/>`;
    case 'blocks': {
      const brick = (x: number, y: number, w: number, f: string) =>
        `<rect x="${x}" y="${y}" width="${w}" height="70" rx="6" fill="${f}"/>` +
        Array.from({ length: Math.round(w / 50) }, (_, i) => `<rect x="${x + 12 + i * 50}" y="${y - 14}" width="30" height="16" rx="4" fill="${f}"/>`).join('');
      return brick(120, 320, 240, c.main) + brick(170, 236, 150, c.accent) + brick(145, 152, 100, c.dark) + brick(270, 152, 100, tint(c.accent, 0.3));
    }
    case 'bear':
      return `<circle cx="170" cy="140" r="34" fill="${c.main}"/><circle cx="310" cy="140" r="34" fill="${c.main}"/>
        <circle cx="170" cy="140" r="18" fill="${c.accentLight}"/><circle cx="310" cy="140" r="18" fill="${c.accentLight}"/>
        <ellipse cx="240" cy="320" rx="110" ry="78" fill="${c.main}"/>
        <circle cx="240" cy="200" r="88" fill="${c.main}"/>
        <ellipse cx="240" cy="228" rx="40" ry="30" fill="${c.accentLight}"/>
        <circle cx="208" cy="186" r="9" fill="#2b2b2b"/><circle cx="272" cy="186" r="9" fill="#2b2b2b"/>
        <ellipse cx="240" cy="218" rx="12" ry="8" fill="#2b2b2b"/>
        <ellipse cx="240" cy="330" rx="48" ry="40" fill="${c.accentLight}" opacity=".7"/>`;
    case 'shapes':
      return `<rect x="110" y="250" width="260" height="140" rx="14" fill="${c.light}"/>
        <circle cx="170" cy="215" r="55" fill="${c.main}"/>
        <rect x="235" y="150" width="110" height="110" rx="8" fill="${c.accent}" transform="rotate(12 290 205)"/>
        <path d="M240,395 L300,290 L360,395 Z" fill="${c.dark}" transform="translate(-130 -5)"/>`;
    case 'figure':
      return `<path d="M240,150 L350,200 L240,250 L130,200 Z" fill="${c.light}"/>
        <path d="M130,200 L240,250 L240,390 L130,340 Z" fill="${c.main}"/>
        <path d="M350,200 L240,250 L240,390 L350,340 Z" fill="${c.dark}"/>
        <circle cx="185" cy="290" r="24" fill="${c.accent}"/><circle cx="295" cy="290" r="14" fill="${c.accentLight}"/>`;
    case 'tee':
      return `<path d="M180,140 L135,155 L80,215 L125,262 L160,232 L160,390 L320,390 L320,232 L355,262 L400,215 L345,155 L300,140 C290,172 190,172 180,140 Z" fill="${c.main}"/>
        <path d="M180,140 C190,172 290,172 300,140" stroke="${c.dark}" stroke-width="10" fill="none"/>
        <circle cx="240" cy="280" r="34" fill="${c.accent}"/>`;
    case 'babybottle':
      return `<path d="M222,110 C222,90 258,90 258,110 L262,150 L218,150 Z" fill="${c.accentLight}"/>
        <rect x="196" y="145" width="88" height="34" rx="8" fill="${c.accent}"/>
        <rect x="180" y="175" width="120" height="215" rx="34" fill="${c.light}"/>
        <rect x="180" y="280" width="120" height="110" rx="34" fill="${c.main}" opacity=".55"/>
        ${[220, 260, 300, 340].map((y) => `<rect x="186" y="${y}" width="24" height="4" rx="2" fill="${c.dark}"/>`).join('')}`;
    case 'bedding':
      return `<rect x="95" y="320" width="290" height="70" rx="16" fill="${c.dark}"/>
        <rect x="105" y="260" width="270" height="70" rx="16" fill="${c.main}"/>
        <rect x="115" y="200" width="250" height="70" rx="16" fill="${c.accent}"/>
        <path d="M140,150 C140,120 340,120 340,150 L340,185 C340,210 140,210 140,185 Z" fill="${c.light}"/>
        <rect x="105" y="285" width="270" height="8" fill="#fff" opacity=".35"/>`;
    case 'duvet':
      return `<rect x="100" y="190" width="280" height="200" rx="22" fill="${c.main}"/>
        ${[170, 240, 310].map((x) => `<path d="M${x},196 L${x},384" stroke="${c.light}" stroke-width="4" stroke-dasharray="8 8"/>`).join('')}
        ${[256, 322].map((y) => `<path d="M106,${y} L374,${y}" stroke="${c.light}" stroke-width="4" stroke-dasharray="8 8"/>`).join('')}
        <path d="M300,390 L380,310 L380,368 C380,380 370,390 358,390 Z" fill="${c.dark}"/>
        <rect x="100" y="190" width="280" height="26" rx="13" fill="${c.accent}"/>`;
    case 'pillow':
      return `<path d="M110,190 Q240,160 370,190 Q390,290 370,380 Q240,350 110,380 Q90,290 110,190 Z" fill="${c.main}"/>
        <path d="M135,210 Q240,186 345,210 Q362,290 345,358 Q240,332 135,358 Q118,290 135,210 Z" fill="none" stroke="${c.light}" stroke-width="4" stroke-dasharray="9 7"/>
        <circle cx="240" cy="282" r="26" fill="${c.accent}"/>`;
    case 'curtain':
      return `<rect x="90" y="110" width="300" height="12" rx="6" fill="${c.dark}"/>
        <path d="M100,122 L225,122 C220,250 200,330 215,392 L100,392 Z" fill="${c.main}"/>
        <path d="M380,122 L255,122 C260,250 280,330 265,392 L380,392 Z" fill="${c.main}"/>
        ${[130, 165, 195, 285, 315, 350].map((x) => `<path d="M${x},125 L${x},390" stroke="${c.dark}" stroke-opacity=".25" stroke-width="6"/>`).join('')}
        <rect x="190" y="250" width="40" height="14" rx="7" fill="${c.accent}"/><rect x="250" y="250" width="40" height="14" rx="7" fill="${c.accent}"/>`;
    case 'plate':
      return `<ellipse cx="240" cy="330" rx="160" ry="56" fill="${c.light}"/>
        <ellipse cx="240" cy="326" rx="110" ry="36" fill="none" stroke="${c.main}" stroke-width="6"/>
        <path d="M165,230 L315,230 C310,300 285,318 240,318 C195,318 170,300 165,230 Z" fill="${c.main}"/>
        <ellipse cx="240" cy="230" rx="75" ry="16" fill="${c.dark}"/>
        <path d="M180,262 C220,274 260,274 300,262" stroke="${c.accent}" stroke-width="6" fill="none"/>`;
    case 'tumbler':
      return `<rect x="185" y="120" width="110" height="36" rx="10" fill="${c.dark}"/>
        <path d="M180,156 L300,156 L288,380 C288,387 282,392 275,392 L205,392 C198,392 192,387 192,380 Z" fill="${c.main}"/>
        <rect x="186" y="230" width="108" height="36" fill="${c.accent}"/>
        <rect x="200" y="170" width="12" height="200" rx="6" fill="#fff" opacity=".25"/>`;
    case 'tube':
      return `<path d="M185,110 L295,110 L280,330 L200,330 Z" fill="${c.main}"/>
        <rect x="188" y="110" width="104" height="14" fill="${c.dark}"/>
        <rect x="200" y="330" width="80" height="60" rx="8" fill="${c.dark}"/>
        <rect x="205" y="190" width="70" height="70" rx="35" fill="${c.accentLight}"/>`;
    case 'dropper':
      return `<rect x="225" y="110" width="30" height="50" rx="14" fill="${c.dark}"/>
        <rect x="210" y="155" width="60" height="40" rx="6" fill="${c.accent}"/>
        <rect x="180" y="190" width="120" height="200" rx="22" fill="${c.main}"/>
        <rect x="195" y="260" width="90" height="60" rx="6" fill="${c.light}"/>
        <rect x="190" y="205" width="12" height="170" rx="6" fill="#fff" opacity=".3"/>`;
    case 'jar':
      return `<rect x="140" y="220" width="200" height="60" rx="14" fill="${c.dark}"/>
        <rect x="130" y="270" width="220" height="120" rx="28" fill="${c.main}"/>
        <rect x="180" y="305" width="120" height="50" rx="10" fill="${c.light}"/>
        <ellipse cx="240" cy="222" rx="100" ry="12" fill="${c.accent}"/>`;
    case 'sheetmask':
      return `<rect x="130" y="110" width="220" height="280" rx="18" fill="${c.main}"/>
        <path d="M130,150 L350,150" stroke="${c.dark}" stroke-width="8"/>
        <ellipse cx="240" cy="275" rx="72" ry="92" fill="${c.light}"/>
        <ellipse cx="213" cy="255" rx="14" ry="8" fill="${c.main}"/><ellipse cx="267" cy="255" rx="14" ry="8" fill="${c.main}"/>
        <ellipse cx="240" cy="318" rx="20" ry="8" fill="${c.main}"/>`;
    case 'lipstick':
      return `<rect x="190" y="270" width="100" height="120" rx="8" fill="${c.dark}"/>
        <rect x="198" y="215" width="84" height="60" rx="4" fill="${c.accentLight}"/>
        <path d="M210,215 L210,150 L270,115 L270,215 Z" fill="${c.main}"/>
        <rect x="190" y="300" width="100" height="10" fill="${c.accent}"/>`;
    case 'pump':
      return `<path d="M222,120 L292,120 L292,136 L240,136 L240,160 L222,160 Z" fill="${c.dark}"/>
        <rect x="212" y="158" width="56" height="40" rx="6" fill="${c.dark}"/>
        <rect x="170" y="195" width="140" height="195" rx="26" fill="${c.main}"/>
        <rect x="190" y="250" width="100" height="80" rx="10" fill="${c.light}"/>
        <circle cx="240" cy="290" r="18" fill="${c.accent}"/>`;
  }
}

/** Soft background shapes: circles, rings and rounded squares at low opacity. */
function decor(r: Rng, c: Colors): string {
  const out: string[] = [];
  const n = r.int(3, 5);
  for (let i = 0; i < n; i++) {
    const x = r.int(0, SIZE), y = r.int(0, 300), s = r.int(30, 110);
    const fill = r.pick([c.main, c.accent, '#ffffff']);
    const op = (r.int(10, 30) / 100).toFixed(2);
    const kind = r.int(0, 2);
    if (kind === 0) out.push(`<circle cx="${x}" cy="${y}" r="${s}" fill="${fill}" opacity="${op}"/>`);
    else if (kind === 1) out.push(`<circle cx="${x}" cy="${y}" r="${s}" fill="none" stroke="${fill}" stroke-width="${r.int(6, 16)}" opacity="${op}"/>`);
    else out.push(`<rect x="${x - s / 2}" y="${y - s / 2}" width="${s}" height="${s}" rx="${Math.round(s / 5)}" fill="${fill}" opacity="${op}" transform="rotate(${r.int(0, 45)} ${x} ${y})"/>`);
  }
  return out.join('');
}

/** One picture as SVG text: the palette gives the colours, the generator the layout. */
export function placeholderSvg(motif: Motif, palette: Palette, r: Rng): string {
  const main = r.pick(palette);
  const accent = r.pick(palette.filter((p) => p !== main).length ? palette.filter((p) => p !== main) : palette);
  const c: Colors = { main, dark: shade(main, 0.28), light: tint(main, 0.7), accent, accentLight: tint(accent, 0.55) };
  const bgA = tint(r.pick(palette), 0.86 + r.next() * 0.06);
  const bgB = tint(r.pick(palette), 0.62 + r.next() * 0.12);
  const angle = r.int(0, 3);
  const [x2, y2] = [[1, 1], [0, 1], [1, 0], [1, 0.6]][angle];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
<defs><linearGradient id="bg" x1="0" y1="0" x2="${x2}" y2="${y2}"><stop offset="0" stop-color="${bgA}"/><stop offset="1" stop-color="${bgB}"/></linearGradient></defs>
<rect width="${SIZE}" height="${SIZE}" fill="url(#bg)"/>
${decor(r, c)}
<ellipse cx="240" cy="396" rx="${r.int(120, 160)}" ry="16" fill="#000" opacity=".12"/>
${silhouette(motif, c, r)}
</svg>`;
}

/** Renders a picture to PNG (fast compression: it is decoded again at once by the upload). */
export async function renderPlaceholder(motif: Motif, palette: Palette, r: Rng): Promise<Buffer> {
  const svg = Buffer.from(placeholderSvg(motif, palette, r));
  const sharp = await loadSharp();
  return sharp(svg).png({ compressionLevel: 1 }).toBuffer();
}
