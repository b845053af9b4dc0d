import { fieldId } from './fields';

/**
 * Where a flag's path is on the screen: a field's group, an item's box, a section. The panel
 * and the "next flag" key scroll it into view and mark it; activating a flag focuses its
 * first box.
 */
export function flagTarget(path: string): HTMLElement | null {
  const field = document.querySelector<HTMLElement>(`[data-field="${CSS.escape(path)}"]`);
  if (field) return field;
  const parts = path.split('.');
  if (parts.length === 2 && parts[0] !== 'patient') {
    return document.querySelector<HTMLElement>(`[data-field^="${CSS.escape(`${path}.`)}"]`)?.closest<HTMLElement>('fieldset') ?? null;
  }
  if (parts[0] === 'patient') return document.querySelector<HTMLElement>('[data-testid=patient-fields]');
  return document.querySelector<HTMLElement>(`[data-testid="list-${CSS.escape(parts[0]!)}"]`);
}

/** The first box to type in for a flag: the field itself, or the first box of its item or section. */
export function flagInput(path: string): HTMLElement | null {
  const own = document.getElementById(fieldId(path));
  if (own) return own;
  return flagTarget(path)?.querySelector<HTMLElement>('input, textarea, select, button') ?? null;
}
