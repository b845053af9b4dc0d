/** Ids the bridge accepts ([A-Za-z0-9_.:-]), unique without coordination. */
export function newId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`;
}
