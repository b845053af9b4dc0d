import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { approveOnScreen, addFiles, openRecordFor, storedRecords, waitForSettled } from './support/app';
import { samples, scrSamples } from './support/samples';
import { useAppInBrowser } from './support/app-session';

/**
 * Encryption at rest (issue 6, item 3), in a real browser: after a batch of every sample,
 * with a record viewed, corrected and approved, the browser is closed and its profile's
 * files are read raw. The IndexedDB (LevelDB and blob) files must hold no NHS number,
 * name, postcode or date of birth from the samples; nor may the rest of the profile hold
 * an NHS number or postcode. A marker written in the clear through IndexedDB is found by
 * the same search, which shows the search can see into these files.
 */
const MARKER = 'ClearMarker-9990001112-ZX9 9ZZ';

interface Needle {
  what: string;
  text: string;
}

function needles(): { records: Needle[]; everywhere: Needle[] } {
  const records: Needle[] = [];
  const everywhere: Needle[] = [];
  for (const s of scrSamples()) {
    const p = s.truth.patient;
    if (p.nhsNumber) {
      const n = p.nhsNumber;
      for (const text of [n, `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`]) everywhere.push({ what: `NHS number of ${s.file}`, text });
    }
    if (p.postcode) everywhere.push({ what: `postcode of ${s.file}`, text: p.postcode });
    for (const name of [p.givenName, p.familyName]) {
      // As the record holds it and as documents print surnames: case-sensitive, so that random
      // ciphertext bytes cannot spell a name by chance. Words of four letters or more alone; a
      // name of several words ("Van der Berg") also whole, since three letters ("Van") turn up
      // in a megabyte of ciphertext by chance.
      const words = (name ?? '').split(/\s+/).filter((w) => w.length > 3);
      if (name && name.includes(' ')) words.push(name);
      for (const word of words) records.push({ what: `name of ${s.file}`, text: word }, { what: `name of ${s.file}`, text: word.toUpperCase() });
    }
    if (p.dateOfBirth) records.push({ what: `date of birth of ${s.file}`, text: p.dateOfBirth });
  }
  return { records: [...records, ...everywhere], everywhere };
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    const st = statSync(full);
    return st.isDirectory() ? filesUnder(full) : st.isFile() ? [full] : [];
  });
}

/** Each needle as UTF-8/Latin-1 (how V8 stores one-byte strings) and as UTF-16 (two-byte strings). */
function found(files: string[], list: Needle[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const n of list) {
      const word = new RegExp(`(?<![A-Za-z0-9])${n.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`);
      if (word.test(bytes.toString('latin1')) || bytes.includes(Buffer.from(n.text, 'utf16le'))) hits.push(`${file}: ${n.what} (${n.text})`);
    }
  }
  return hits;
}

describe('encryption at rest', () => {
  const app = useAppInBrowser();

  it('leaves no NHS number, name, postcode or date of birth in the browser profile’s files after a batch', async () => {
    const { page, profile } = app.session;
    const all = samples();
    await addFiles(page, all.map((s) => s.path));
    const jobs = await waitForSettled(page, all.length);
    const first = scrSamples()[0]!;
    // Viewed, corrected (the old and new values are kept in the history) and approved.
    await openRecordFor(page, first.file, jobs);
    await page.locator('#field-patient-postcode').fill('ZZ99 3CZ');
    await page.locator('#field-patient-postcode').blur();
    await approveOnScreen(page);
    // The app itself reads every record back through the data key.
    const records = await storedRecords(page);
    expect(records.map((r) => r.nhsNumber).sort()).toEqual(scrSamples().map((s) => s.truth.patient.nhsNumber).sort());
    // A clear control, written through IndexedDB like every row.
    await page.evaluate(`(async () => {
      const open = indexedDB.open('scr-extract');
      const db = await new Promise((res) => { open.onsuccess = () => res(open.result); });
      await new Promise((res) => { const tx = db.transaction(['settings'], 'readwrite'); tx.objectStore('settings').put({ key: 'control', value: ${JSON.stringify(MARKER)} }); tx.oncomplete = res; });
      db.close();
    })()`);

    // Closing the browser flushes its files; then they are read as they lie on disk.
    await app.session.close({ keepProfile: true });
    try {
      const indexedDbFiles = filesUnder(join(profile, 'Default', 'IndexedDB'));
      expect(indexedDbFiles.some((f) => f.includes('.indexeddb.blob'))).toBe(true);
      expect(found(indexedDbFiles, [{ what: 'the clear marker', text: MARKER }])).not.toEqual([]);
      const list = needles();
      expect(found(indexedDbFiles, list.records)).toEqual([]);
      // Anywhere else in the profile (Local Storage, caches, history…): no NHS number or postcode either.
      expect(found(filesUnder(profile), list.everywhere)).toEqual([]);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
