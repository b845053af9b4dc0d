import { describe, expect, it } from 'vitest';
import { flagsAfterInsert, flagsAfterRemoval } from '../../../renderer/src/lib/flags';

describe('flags follow their items when a removal is undone', () => {
  it('moves later items\' flags and marks down on removal, and back up when the item is restored', () => {
    const state = {
      flags: [
        { path: 'medications.1.dosage', code: 'item-doubtful', reason: 'r1' },
        { path: 'medications.3', code: 'item-kind-doubtful', reason: 'r3' },
        { path: 'problems.3', code: 'item-doubtful', reason: 'p3' },
      ],
      checked: ['medications.4.date'],
      changed: ['medications.0.name'],
    };
    const removed = flagsAfterRemoval(state, 'medications', 2);
    expect(removed.flags!.map((f) => f.path)).toEqual(['medications.1.dosage', 'medications.2', 'problems.3']);
    expect(removed.checked).toEqual(['medications.3.date']);
    const restored = flagsAfterInsert(removed, 'medications', 2);
    expect(restored.flags!.map((f) => f.path)).toEqual(['medications.1.dosage', 'medications.3', 'problems.3']);
    expect(restored.checked).toEqual(['medications.4.date']);
    expect(restored.changed).toEqual(['medications.0.name']);
  });
});
