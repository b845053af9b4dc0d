import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WINDOW_STATE_FILE, isVisibleOn, loadWindowState, saveWindowState } from '../../main/shell/window-state';

const screenArea = { x: 0, y: 0, width: 1920, height: 1080 };
let d: string;
afterEach(() => rmSync(d, { recursive: true, force: true }));

describe('remembered window size and position', () => {
  it('restores what was saved', () => {
    d = mkdtempSync(join(tmpdir(), 'scr-win-'));
    saveWindowState(d, { x: 100, y: 50, width: 1200, height: 800, maximized: true });
    expect(loadWindowState(d, [screenArea])).toEqual({ x: 100, y: 50, width: 1200, height: 800, maximized: true });
  });

  it('brings a window back onto the screen when its monitor has gone', () => {
    d = mkdtempSync(join(tmpdir(), 'scr-win-'));
    saveWindowState(d, { x: 3000, y: 40, width: 1200, height: 800, maximized: false });
    expect(loadWindowState(d, [screenArea])).toEqual({ x: 0, y: 0, width: 1200, height: 800, maximized: false });
  });

  it('ignores a damaged or absurd file', () => {
    d = mkdtempSync(join(tmpdir(), 'scr-win-'));
    writeFileSync(join(d, WINDOW_STATE_FILE), '{"x":0,"y":0,"width":5,"height":5,"maximized":false}');
    expect(loadWindowState(d, [screenArea])).toBeNull();
    writeFileSync(join(d, WINDOW_STATE_FILE), 'not json');
    expect(loadWindowState(d, [screenArea])).toBeNull();
  });

  it('needs a real corner of the window on some display', () => {
    expect(isVisibleOn({ x: 1900, y: 0, width: 800, height: 600 }, [screenArea])).toBe(false);
    expect(isVisibleOn({ x: 1800, y: 0, width: 800, height: 600 }, [screenArea])).toBe(true);
  });
});
