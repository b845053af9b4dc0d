import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { norm } from '../helpers/score';
import type { ScrRecord } from '../../main/core/contract/record';
import { approveOnScreen, addFiles, goTo, openRecordFor, storedOpened, waitForSettled, type StoredJob } from './support/app';
import { scrSamples } from './support/samples';
import { useAppInBrowser } from './support/app-session';
import { screenshot } from './support/screenshots';

const APPROVE = ['doc001-gpsummary.pdf', 'doc002-ncrs.pdf', 'doc003-emis.pdf'];

function ukDate(iso: string | null): string {
  return iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '';
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

function parse(text: string): Record<string, string>[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const parsed = Papa.parse<Record<string, string>>(body, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

const set = (s: string) => s.split('; ').filter(Boolean).map((x) => norm(x)).sort();

/**
 * Export: approved records only, per patient and per item, exactly as the records read (the
 * review test checks those records against the truth files); templates.
 */
describe('export', () => {
  const app = useAppInBrowser();
  let jobs: StoredJob[] = [];
  const records = new Map<string, ScrRecord>();
  const truthOf = (file: string): ScrRecord => records.get(file)!;

  beforeAll(async () => {
    await addFiles(app.session.page, scrSamples().map((s) => s.path));
    jobs = await waitForSettled(app.session.page, scrSamples().length);
    const stored = await storedOpened<{ id: string; record: ScrRecord }>(app.session.page, 'records', '(r, open) => ({ id: r.id, record: open.record })');
    for (const j of jobs) {
      const r = stored.find((x) => x.id === j.id);
      if (r) records.set(j.name, r.record);
    }
    for (const file of APPROVE) {
      await openRecordFor(app.session.page, file, jobs);
      await approveOnScreen(app.session.page);
    }
  });

  it('exports one row per approved patient, matching the records', async () => {
    const { page } = app.session;
    await goTo(page, 'Export');
    await expect.poll(() => page.getByTestId('export-csv').textContent()).toContain(`Export ${APPROVE.length} records`);
    await expect.poll(() => page.getByTestId('export-preview').locator('tbody tr').count()).toBe(APPROVE.length);
    await screenshot(page, 'export');
    const file = await download(page, () => page.getByTestId('export-csv').click());
    expect(file.name).toMatch(/^scr-export-\d{4}-\d{2}-\d{2}-patients\.csv$/);
    expect(file.text.startsWith('\uFEFF')).toBe(true);
    expect(file.text).toContain('\r\n');
    const rows = parse(file.text);
    expect(rows).toHaveLength(APPROVE.length);
    for (const [i, fileName] of APPROVE.entries()) {
      const truth = truthOf(fileName);
      const row = rows[i]!;
      const p = truth.patient;
      expect(row['NHS number']).toBe(p.nhsNumber);
      expect(norm(row['Given name'])).toBe(norm(p.givenName));
      expect(norm(row['Family name'])).toBe(norm(p.familyName));
      expect(row['Date of birth']).toBe(ukDate(p.dateOfBirth));
      expect(norm(row['Sex'])).toBe(norm(p.sex));
      expect(norm(row['Address'])).toBe(norm(p.address));
      expect(norm(row['Postcode'])).toBe(norm(p.postcode));
      expect(norm(row['GP practice'])).toBe(norm(p.gpPracticeName));
      expect(norm(row['Practice code'])).toBe(norm(p.gpPracticeCode));
      expect(row['Source document']).toBe(fileName);
      expect(set(row['Problems']!)).toEqual(truth.problems.map((x) => norm(x.term)).sort());
      expect(set(row['Allergies']!)).toEqual(truth.allergies.map((a) => norm(a.reaction ? `${a.description} (${a.reaction})` : a.description)).sort());
      for (const [column, category] of [
        ['Repeat medications', 'repeat'],
        ['Acute medications', 'acute'],
        ['Discontinued medications', 'discontinued'],
      ] as const) {
        const expected = truth.medications.filter((m) => m.category === category).map((m) => norm([m.name, m.dosage].filter(Boolean).join(' — '))).sort();
        expect(set(row[column]!), `${fileName} ${column}`).toEqual(expected);
      }
    }
  });

  it('exports one row per item, matching the records', async () => {
    const { page } = app.session;
    await page.getByLabel('One row per item').check();
    await expect.poll(() => page.getByTestId('export-preview').locator('thead th').first().textContent()).toBe('NHS number');
    const file = await download(page, () => page.getByTestId('export-csv').click());
    expect(file.name).toMatch(/-items\.csv$/);
    const rows = parse(file.text);
    const key = (...parts: (string | null | undefined)[]) => parts.map((x) => norm(x) ?? '').join(' | ');
    const expected: string[] = [];
    for (const fileName of APPROVE) {
      const t = truthOf(fileName);
      const nhs = t.patient.nhsNumber;
      for (const a of t.allergies) expected.push(key(nhs, 'allergy', '', a.description, '', '', a.reaction, ukDate(a.date), ''));
      for (const m of t.medications) expected.push(key(nhs, 'medication', m.category, m.name, m.dosage, m.quantity, '', ukDate(m.date), ukDate(m.endDate)));
      for (const x of t.problems) expected.push(key(nhs, 'problem', '', x.term, '', '', '', ukDate(x.date), ''));
    }
    const got = rows.map((r) => key(r['NHS number'], r['Item type'], r['Category'], r['Description'], r['Dosage'], r['Quantity'], r['Reaction'], r['Date'], r['End date']));
    expect(got.sort()).toEqual(expected.sort());
  });

  it('exports every record when asked, not only approved ones', async () => {
    const { page } = app.session;
    await page.getByLabel('One row per patient').check();
    await page.getByLabel(/^All records/).check();
    const file = await download(page, () => page.getByTestId('export-csv').click());
    expect(parse(file.text)).toHaveLength(scrSamples().length);
    await page.getByLabel(/^Approved records only/).check();
  });

  it('saves a custom template (ISO dates, spaced NHS numbers, renamed and removed columns, no BOM)', async () => {
    const { page } = app.session;
    await page.getByTestId('column-editor').locator('summary').click();
    await page.getByLabel('ISO (1985-10-18)').check();
    await page.getByLabel('Spaced (999 886 5085)').check();
    await page.getByLabel('Start the file with a byte-order mark').uncheck();
    await page.getByLabel('Header for NHS number').fill('NHS No');
    await page.getByRole('button', { name: 'Remove column Address' }).click();
    await page.getByRole('button', { name: 'Move up Date of birth' }).click();
    await page.getByLabel('Save these choices as a new template').fill('Practice import');
    await page.getByRole('button', { name: 'Save as new template' }).click();
    await expect.poll(() => page.getByLabel('Practice import').isChecked()).toBe(true);

    const file = await download(page, () => page.getByTestId('export-csv').click());
    expect(file.text.startsWith('\uFEFF')).toBe(false);
    const header = file.text.split('\r\n')[0]!.split(',');
    expect(header.slice(0, 4)).toEqual(['NHS No', 'Given name', 'Date of birth', 'Family name']);
    expect(header).not.toContain('Address');
    const first = parse(file.text)[0]!;
    const truth = truthOf(APPROVE[0]!).patient;
    expect(first['NHS No']).toBe(`${truth.nhsNumber!.slice(0, 3)} ${truth.nhsNumber!.slice(3, 6)} ${truth.nhsNumber!.slice(6)}`);
    expect(first['Date of birth']).toBe(truth.dateOfBirth);

    // The template is kept: after a reload it is still offered, with its choices.
    await page.reload();
    await expect.poll(() => page.getByLabel('Practice import').count()).toBe(1);
  });

  it('exports templates as JSON and imports them back', async () => {
    const { page } = app.session;
    const file = await download(page, () => page.getByRole('button', { name: 'Export templates as JSON' }).click());
    const templates = JSON.parse(file.text) as { name: string; nhsFormat: string; dateFormat: string; bom: boolean; columns: { header: string }[] }[];
    expect(templates).toHaveLength(1);
    expect(templates[0]).toMatchObject({ name: 'Practice import', nhsFormat: 'spaced', dateFormat: 'iso', bom: false });

    await page.getByRole('button', { name: 'Delete template Practice import' }).click();
    await expect.poll(() => page.getByLabel('Practice import').count()).toBe(0);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import templates from JSON' }).click()]);
    await chooser.setFiles({ name: 'templates.json', mimeType: 'application/json', buffer: Buffer.from(file.text) });
    await expect.poll(() => page.getByLabel('Practice import').count()).toBe(1);

    const [bad] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import templates from JSON' }).click()]);
    await bad.setFiles({ name: 'nope.json', mimeType: 'application/json', buffer: Buffer.from('{"columns": "=cmd|calc"}') });
    await expect.poll(() => page.locator('.nhsuk-error-message').textContent()).toContain('not a templates file');
  });
});
