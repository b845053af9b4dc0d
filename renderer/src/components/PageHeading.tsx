import { useEffect, useRef, type ReactNode } from 'react';

/**
 * After moving to another screen, keyboard and screen reader users should start at its
 * heading, as after a page load. The screen's data may arrive after the move, so the
 * heading takes focus when it appears, once per move (never on the first load).
 */
let pending = false;

export function focusHeadingOnNextScreen(): void {
  pending = true;
}

export function PageHeading({ children, className }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!pending) return;
    pending = false;
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className={className}>
      {children}
    </h1>
  );
}
