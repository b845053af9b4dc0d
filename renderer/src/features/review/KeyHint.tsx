/** The key for a control, shown beside it (and read as "shortcut key: A"). */
export function KeyHint({ label }: { label: string }) {
  return (
    <kbd className="app-key" aria-hidden="true">
      {label}
    </kbd>
  );
}
