import { join } from 'node:path';
import type { BrowserWindow, Rectangle } from 'electron';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from '../services/json-file';

/** The window's size and place, remembered between runs in the user-data folder. */
const WindowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const WINDOW_STATE_FILE = 'window-state.json';

/**
 * The saved state, if it still lands on a screen: a monitor unplugged since last time
 * must not leave the window off-screen where staff cannot reach it.
 */
export function loadWindowState(dir: string, workAreas: Rectangle[]): WindowState | null {
  const state = readJsonFile(join(dir, WINDOW_STATE_FILE), WindowStateSchema);
  if (!state) return null;
  return isVisibleOn(state, workAreas) ? state : { ...state, x: workAreas[0]?.x ?? 0, y: workAreas[0]?.y ?? 0 };
}

/** At least a 100×50 px corner of the window must overlap some display's work area. */
export function isVisibleOn(bounds: Rectangle, workAreas: Rectangle[]): boolean {
  return workAreas.some((a) => {
    const w = Math.min(bounds.x + bounds.width, a.x + a.width) - Math.max(bounds.x, a.x);
    const h = Math.min(bounds.y + bounds.height, a.y + a.height) - Math.max(bounds.y, a.y);
    return w >= 100 && h >= 50;
  });
}

export function saveWindowState(dir: string, state: WindowState): void {
  writeJsonFile(join(dir, WINDOW_STATE_FILE), state);
}

/** Saves the normal (not maximised) bounds and the maximised flag when the window closes. */
export function rememberWindowState(win: Pick<BrowserWindow, 'on' | 'getNormalBounds' | 'isMaximized'>, dir: string): void {
  win.on('close', () => {
    const b = win.getNormalBounds();
    try {
      saveWindowState(dir, { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
    } catch {
      // Not being able to remember the window is no reason to stop it closing.
    }
  });
}
