import { readFileSync } from 'node:fs';
import { readDocumentText } from '../main/core/pdf/read-text';
import { classifyDocument } from '../main/core/classify/classify';
import { extractWithRules } from '../main/core/extract/rules/extract-record';
for (const f of process.argv.slice(2)) {
  const t = await readDocumentText(new Uint8Array(readFileSync(f)), { maxPages: 100 });
  const c = classifyDocument(t);
  const r = c.isScr ? extractWithRules(t) : null;
  console.log(f, c.isScr, c.signals.join(','), r ? JSON.stringify({ meds: r.record.medications?.length, allergies: r.record.allergies?.length, nhs: r.record.patient?.nhsNumber }) : '', JSON.stringify(t.pages.map((p) => p.damage ?? null)));
}
