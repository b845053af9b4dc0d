import { describe, expect, it } from 'vitest';
import { FIT, MAX_SCALE, MIN_SCALE, scaleOf, zoomIn, zoomLabel, zoomOut } from '../../../renderer/src/features/review/pdf-zoom';

describe('PDF zoom steps', () => {
  it('fits the page to the viewer width, and a set scale ignores the width', () => {
    expect(scaleOf(FIT, 595, 714)).toBeCloseTo(1.2);
    expect(scaleOf({ kind: 'scale', scale: 2 }, 595, 714)).toBe(2);
  });

  it('steps from whatever is shown to the next size up or down, stopping at the ends', () => {
    expect(zoomIn(1.2)).toEqual({ kind: 'scale', scale: 1.25 });
    expect(zoomIn(1.25)).toEqual({ kind: 'scale', scale: 1.5 });
    expect(zoomOut(1.2)).toEqual({ kind: 'scale', scale: 1 });
    expect(zoomIn(MAX_SCALE)).toBeNull();
    expect(zoomOut(MIN_SCALE)).toBeNull();
    expect(zoomLabel(1.2345)).toBe('123%');
  });
});
