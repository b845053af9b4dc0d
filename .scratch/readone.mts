import { readFileSync } from 'node:fs';
import { readDocumentText } from '../main/core/pdf/read-text';
const f = process.argv[2]!;
const t = performance.now();
try {
  const text = await readDocumentText(new Uint8Array(readFileSync(f)), { maxPages: 100 });
  console.log('OK items', text.items.length, JSON.stringify(text.pages), JSON.stringify(text.items.slice(0, 3).map((i) => [i.str, i.damaged])));
} catch (e) {
  console.log('ERR', (e as any).code, (e as any).reason, (e as any).message?.slice(0, 100));
}
console.log('ms', Math.round(performance.now() - t), 'maxRSS MB', Math.round(process.resourceUsage().maxRSS / 1024));
