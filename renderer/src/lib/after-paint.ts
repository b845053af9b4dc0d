/**
 * Runs `work` once the browser has painted its next frame: for what a screen starts that its
 * first paint does not need (catching up with main, reading the rest of a list), so that
 * the paint is not held behind it. At most `atMostMs` later when no frame comes (a hidden
 * tab paints nothing). Returns a function that cancels it, for an effect's cleanup.
 */
export function afterNextPaint(work: () => void, atMostMs = 100): () => void {
  let done = false;
  let inner: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    if (done) return;
    cancel();
    work();
  };
  // A task queued from the frame's callback runs after that frame's paint.
  const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => (inner = setTimeout(run, 0))) : null;
  const timer = setTimeout(run, atMostMs);
  function cancel(): void {
    done = true;
    if (frame !== null) cancelAnimationFrame(frame);
    clearTimeout(inner);
    clearTimeout(timer);
  }
  return cancel;
}
