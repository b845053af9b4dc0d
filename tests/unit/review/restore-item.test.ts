import { describe, expect, it } from 'vitest';
import { emptyRecord } from '../../../main/core/contract/record';
import type { FullRecord } from '../../../renderer/src/db/rows';
import { storedRecord } from '../../helpers/stored-record';
import { addItem, removeItem, restoreItem, takeOut } from '../../../renderer/src/features/review/record-edits';

const box = (page: number) => ({ page, x: 10, y: 20 * page, width: 50, height: 10 });

/** A stored record with three problems, each with where it was printed (synthetic). */
function row(): FullRecord {
  const record = emptyRecord();
  record.problems = [
    { term: 'Asthma', date: null },
    { term: 'Drug allergy', date: '2010-01-01' },
    { term: 'Hypertension', date: null },
  ];
  record.allergies = [{ description: 'Latex', reaction: null, date: null }];
  const provenance = Object.fromEntries(
    ['problems.0.term', 'problems.1.term', 'problems.1.date', 'problems.2.term', 'allergies.0.description'].map((p, i) => [p, { boxes: [box(i + 1)], text: p }]),
  ) as unknown as FullRecord['provenance'];
  return storedRecord(record, {
    provenance,
    confidence: { 'problems.0.term': 0.9, 'problems.1.term': 0.5, 'problems.1.date': 0.7, 'problems.2.term': 0.8, 'allergies.0.description': 0.95 },
    warnings: [
      { code: 'low-confidence', message: 'Check this problem', path: 'problems.1.term' },
      { code: 'low-confidence', message: 'Check the last problem', path: 'problems.2.term' },
      { code: 'section-empty', message: 'No medications section' },
    ],
  });
}

const sortWarnings = (w: FullRecord['warnings']) => [...w].sort((a, b) => `${a.path}${a.message}`.localeCompare(`${b.path}${b.message}`));

describe('undoing a removal', () => {
  it('puts the item back at its place with its boxes, confidence and warnings, and the items after it move back down', () => {
    const before = row();
    const removed = takeOut(before, 'problems', 1);
    const after = { ...before, ...removeItem(before, 'problems', 1) };
    expect(after.record.problems.map((p) => p.term)).toEqual(['Asthma', 'Hypertension']);
    expect(after.provenance['problems.1.term']).toEqual(before.provenance['problems.2.term']);

    const restored = restoreItem(after, removed);
    expect(restored.record).toEqual(before.record);
    expect(restored.provenance).toEqual(before.provenance);
    expect(restored.confidence).toEqual(before.confidence);
    expect(sortWarnings(restored.warnings)).toEqual(sortWarnings(before.warnings));
  });

  it('puts it back after items added since, at its own place', () => {
    const before = row();
    const removed = takeOut(before, 'problems', 0);
    let current = { ...before, ...removeItem(before, 'problems', 0) };
    current = { ...current, ...addItem(current, 'problems') };
    const restored = restoreItem(current, removed);
    expect(restored.record.problems.map((p) => p.term)).toEqual(['Asthma', 'Drug allergy', 'Hypertension', '']);
    expect(restored.provenance['problems.0.term']).toEqual(before.provenance['problems.0.term']);
    expect(restored.provenance['problems.2.term']).toEqual(before.provenance['problems.2.term']);
    expect(restored.provenance['allergies.0.description']).toEqual(before.provenance['allergies.0.description']);
  });

  it('puts it at the end when the list has become shorter than its place', () => {
    const before = row();
    const removed = takeOut(before, 'problems', 2);
    let current = { ...before, ...removeItem(before, 'problems', 2) };
    current = { ...current, ...removeItem(current, 'problems', 1) };
    const restored = restoreItem(current, removed);
    expect(restored.record.problems.map((p) => p.term)).toEqual(['Asthma', 'Hypertension']);
    expect(restored.provenance['problems.1.term']).toEqual(before.provenance['problems.2.term']);
    expect(restored.warnings.find((w) => w.message === 'Check the last problem')?.path).toBe('problems.1.term');
  });
});
