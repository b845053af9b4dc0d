/**
 * Writes main/core/layout/english-bigrams.ts: -ln P(next letter | letter) for English, with
 * word boundaries as a 27th symbol, counted over the English prose of the documentation in
 * node_modules (code blocks and links removed) and smoothed. Used to tell text from the
 * output of a broken font. Run: npx tsx scripts/data/make-english-bigrams.ts
 */
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const files = execSync('find node_modules -name "*.md" -size +2k | sort | head -1500', { encoding: 'utf8' }).trim().split('\n');
const counts = new Float64Array(27 * 27);
const idx = (c: string) => (c === ' ' ? 26 : c.charCodeAt(0) - 97);
for (const f of files) {
  const t = readFileSync(f, 'utf8')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/https?:\S+/g, ' ')
    .toLowerCase();
  for (const w of t.split(/[^a-z]+/)) {
    if (w.length < 2 || w.length > 20) continue;
    const s = ` ${w} `;
    for (let i = 1; i < s.length; i++) counts[idx(s[i - 1]!) * 27 + idx(s[i]!)]! += 1;
  }
}
const out: number[] = [];
for (let a = 0; a < 27; a++) {
  let row = 0;
  for (let b = 0; b < 27; b++) row += counts[a * 27 + b]! + 0.5;
  for (let b = 0; b < 27; b++) out.push(Math.round(-Math.log((counts[a * 27 + b]! + 0.5) / row) * 10));
}
writeFileSync(
  'main/core/layout/english-bigrams.ts',
  `/**
 * -ln P(next | letter) x 10 for English letter pairs, rows and columns a..z then a word
 * boundary: made by scripts/data/make-english-bigrams.ts from English prose. Do not edit.
 */
export const ENGLISH_BIGRAMS: readonly number[] = [${out.join(',')}];
`,
);
