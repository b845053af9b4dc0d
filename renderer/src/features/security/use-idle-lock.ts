import { useEffect } from 'react';
import { useSecurity } from '../../state/security';
import { lockNow } from './gate';

/** Pointer, keys, wheel and touch count as use; a screen left alone does not. */
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;
const CHECK_EVERY_MS = 15_000;

/**
 * Locks the app after the configured minutes without use, while a passcode is set. Time is
 * read from Date.now() on a short interval rather than one long timer, so a laptop that
 * slept through the limit locks as soon as it wakes.
 */
export function useIdleLock(): void {
  const enabled = useSecurity((s) => s.security?.lockEnabled ?? false);
  const minutes = useSecurity((s) => s.security?.idleMinutes ?? 30);

  useEffect(() => {
    if (!enabled) return;
    let last = Date.now();
    const used = () => {
      last = Date.now();
    };
    for (const type of ACTIVITY) window.addEventListener(type, used, { passive: true, capture: true });
    const timer = setInterval(() => {
      if (Date.now() - last >= minutes * 60_000) void lockNow('idle').catch(() => undefined);
    }, CHECK_EVERY_MS);
    return () => {
      clearInterval(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, used, { capture: true });
    };
  }, [enabled, minutes]);
}
