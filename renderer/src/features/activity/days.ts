/** The last n local days, oldest first, as the engine keys them (YYYY-MM-DD) with a short label. */
export function lastDays(n: number, now = new Date()): { iso: string; label: string }[] {
  const out: { iso: string; label: string }[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - i);
    const iso = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    out.push({ iso, label: d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' }) });
  }
  return out;
}
