/**
 * Field paths as the contract writes them: 'patient.nhsNumber', 'medications.3.name'.
 * Provenance, confidence and warnings are keyed by these, so when staff remove an item the
 * later items' keys move down one, and their source boxes stay with them.
 */
export function reindexAfterRemoval<V>(map: Record<string, V>, list: string, removed: number): Record<string, V> {
  const out: Record<string, V> = {};
  const prefix = `${list}.`;
  for (const [path, value] of Object.entries(map)) {
    if (!path.startsWith(prefix)) {
      out[path] = value;
      continue;
    }
    const rest = path.slice(prefix.length);
    const dot = rest.indexOf('.');
    const index = Number(dot === -1 ? rest : rest.slice(0, dot));
    if (!Number.isInteger(index) || index < removed) out[path] = value;
    else if (index > removed) out[`${prefix}${index - 1}${dot === -1 ? '' : rest.slice(dot)}`] = value;
  }
  return out;
}

export function reindexWarnings<W extends { path?: string }>(warnings: W[], list: string, removed: number): W[] {
  const out: W[] = [];
  for (const w of warnings) {
    if (!w.path) {
      out.push(w);
      continue;
    }
    const moved = reindexAfterRemoval({ [w.path]: true }, list, removed);
    const next = Object.keys(moved)[0];
    if (next) out.push({ ...w, path: next });
  }
  return out;
}

/** The opposite of reindexAfterRemoval: items at `inserted` and after move down one place. */
export function reindexAfterInsert<V>(map: Record<string, V>, list: string, inserted: number): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [path, value] of Object.entries(map)) out[pathAfterInsert(path, list, inserted)] = value;
  return out;
}

export function pathAfterInsert(path: string, list: string, inserted: number): string {
  const prefix = `${list}.`;
  if (!path.startsWith(prefix)) return path;
  const rest = path.slice(prefix.length);
  const dot = rest.indexOf('.');
  const index = Number(dot === -1 ? rest : rest.slice(0, dot));
  if (!Number.isInteger(index) || index < inserted) return path;
  return `${prefix}${index + 1}${dot === -1 ? '' : rest.slice(dot)}`;
}
