import { describe, expect, it } from 'vitest';
import { emptyRecord } from '../../../main/core/contract/record';
import type { FullRecord } from '../../../renderer/src/db/rows';
import { storedRecord } from '../../helpers/stored-record';
import { describeHistory, type HistoryEdit } from '../../../renderer/src/features/review/history-text';
import { addItem, removeItem, restoreItem, takeOut } from '../../../renderer/src/features/review/record-edits';
import { NO_REMOVALS, nextRemovals, nextUndo, type Removals } from '../../../renderer/src/features/review/removal-history';

/**
 * Every removal since the record was opened can be undone, newest first, each item back at
 * its own place however the places shifted, and the history says it in words. The steps
 * below make the same calls, paths and edits as use-item-removal.ts.
 */
const box = (page: number) => ({ page, x: 10, y: 20 * page, width: 50, height: 10 });
const TERMS = ['Asthma', 'Drug allergy', 'Hypertension', 'Eczema', 'Gout'];

function opened(): FullRecord {
  const record = emptyRecord();
  record.problems = TERMS.map((term, i) => ({ term, date: i === 1 ? '2010-01-01' : null }));
  const provenance = Object.fromEntries(TERMS.map((t, i) => [`problems.${i}.term`, { boxes: [box(i + 1)], text: t }])) as unknown as FullRecord['provenance'];
  return storedRecord(record, {
    provenance,
    confidence: Object.fromEntries(TERMS.map((_, i) => [`problems.${i}.term`, 0.5 + i / 10])),
    warnings: [
      { code: 'low-confidence', message: 'Check Drug allergy', path: 'problems.1.term' },
      { code: 'low-confidence', message: 'Check Gout', path: 'problems.4.term' },
    ],
  });
}

/** The record view of one record: its row as stored, the list's removals, and the edits written. */
class View {
  row = opened();
  removals: Removals = NO_REMOVALS;
  edits: HistoryEdit[] = [];

  remove(index: number): void {
    const item = takeOut(this.row, 'problems', index);
    this.edits.push({ path: `problems.${index}`, kind: 'remove-item', oldValue: this.row.record.problems[index], newValue: null });
    this.row = { ...this.row, ...removeItem(this.row, 'problems', index) };
    this.removals = nextRemovals(this.removals, { kind: 'removed', recordId: this.row.id, item });
  }

  add(): void {
    this.edits.push({ path: `problems.${this.row.record.problems.length}`, kind: 'add-item', oldValue: null, newValue: null });
    this.row = { ...this.row, ...addItem(this.row, 'problems') };
  }

  undo(): string {
    const next = nextUndo(this.removals, this.row.id)!;
    const at = Math.min(next.item.index, this.row.record.problems.length);
    this.edits.push({ path: `problems.${at}`, kind: 'restore-item', oldValue: null, newValue: next.item.item });
    this.row = { ...this.row, ...restoreItem(this.row, next.item) };
    this.removals = nextRemovals(this.removals, { kind: 'restored', recordId: this.row.id, item: next.item });
    return (next.item.item as { term: string }).term;
  }

  terms(): string[] {
    return this.row.record.problems.map((p) => p.term);
  }
}

const byPath = (w: FullRecord['warnings']) => [...w].sort((a, b) => `${a.path}`.localeCompare(`${b.path}`));

describe('undoing every removal since the record was opened', () => {
  it('keeps each removal: a second removal does not replace the first, and the notice counts those waiting', () => {
    const view = new View();
    view.remove(1);
    view.remove(2);
    expect(nextUndo(view.removals, 'd1')).toMatchObject({ earlier: 1, item: { index: 2, item: { term: 'Eczema' } } });
    view.undo();
    expect(nextUndo(view.removals, 'd1')).toMatchObject({ earlier: 0, item: { index: 1, item: { term: 'Drug allergy' } } });
    view.undo();
    expect(nextUndo(view.removals, 'd1')).toBeNull();
  });

  it('puts every item back at its own place, newest first, with its boxes, confidence and warnings, though the places shifted', () => {
    const before = opened();
    const view = new View();
    // Drug allergy (1); then Gout, now at 3; then Asthma (0); an item added; then Hypertension, now at 0.
    view.remove(1);
    view.remove(3);
    view.remove(0);
    view.add();
    view.remove(0);
    expect(view.terms()).toEqual(['Eczema', '']);

    expect(view.undo()).toBe('Hypertension');
    expect(view.terms()).toEqual(['Hypertension', 'Eczema', '']);
    expect(view.undo()).toBe('Asthma');
    expect(view.terms()).toEqual(['Asthma', 'Hypertension', 'Eczema', '']);
    expect(view.undo()).toBe('Gout');
    expect(view.terms()).toEqual(['Asthma', 'Hypertension', 'Eczema', 'Gout', '']);
    expect(view.undo()).toBe('Drug allergy');
    expect(view.terms()).toEqual([...TERMS, '']);

    expect(view.row.record.problems.slice(0, TERMS.length)).toEqual(before.record.problems);
    expect(view.row.provenance).toEqual(before.provenance);
    expect(view.row.confidence).toEqual(before.confidence);
    expect(byPath(view.row.warnings)).toEqual(byPath(before.warnings));
    expect(nextUndo(view.removals, 'd1')).toBeNull();
  });

  it('ignores a stale answer for a removal that is not the newest, and starts afresh in another record', () => {
    const view = new View();
    view.remove(0);
    const first = view.removals.items[0]!;
    view.remove(0);
    expect(nextRemovals(view.removals, { kind: 'restored', recordId: 'd1', item: first })).toBe(view.removals);
    const other = nextRemovals(view.removals, { kind: 'removed', recordId: 'd2', item: first });
    expect(nextUndo(other, 'd2')).toMatchObject({ earlier: 0 });
    expect(nextUndo(other, 'd1')).toBeNull();
  });

  it('reads in the history as a person would write it, each item by its own name, and later edits name the right item', () => {
    const view = new View();
    view.remove(1);
    view.remove(3);
    view.undo();
    view.undo();
    view.edits.push({ path: 'problems.1.date', kind: 'set', oldValue: '2010-01-01', newValue: '2011-01-01' });
    view.edits.push({ path: 'problems.4.date', kind: 'set', oldValue: null, newValue: '2012-01-01' });
    expect(describeHistory(opened().extracted, view.edits)).toEqual([
      'Removed problem ‘Drug allergy’',
      'Removed problem ‘Gout’',
      'Restored problem ‘Gout’ (removal undone)',
      'Restored problem ‘Drug allergy’ (removal undone)',
      'Date of problem ‘Drug allergy’ changed from ‘1 Jan 2010’ to ‘1 Jan 2011’',
      'Date of problem ‘Gout’ set to ‘1 Jan 2012’',
    ]);
  });
});
