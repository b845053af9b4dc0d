import { readFileSync } from 'node:fs';
import { readDocumentText } from './main/core/pdf/read-text';
for (const f of process.argv.slice(2)) {
  const t = await readDocumentText(new Uint8Array(readFileSync(f)), { maxPages: 100 });
  const chars = t.items.reduce((n, i) => n + i.str.length, 0);
  console.log(f, 'items', t.items.length, 'chars', chars, JSON.stringify(t.items.slice(20, 26).map((i) => i.str)));
}
