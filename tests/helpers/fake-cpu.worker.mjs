// A stand-in for cpu.worker in pool tests: the first byte of a 'process' task's bytes says
// what to do. Plain JavaScript so that piscina loads it without a TypeScript loader.
//   0 → read nothing (no text)   1 → spin in synchronous code for ever
//   2 → throw skia's "Create skia surface failed"   3 → grow the heap until the cap stops it
export default function handle(task) {
  const mode = task.bytes?.[0] ?? 0;
  if (mode === 1) for (;;);
  if (mode === 2) throw new Error('Create skia surface failed');
  if (mode === 3) {
    const hoard = [];
    for (;;) hoard.push(new Array(1e6).fill(hoard.length));
  }
  return { pages: 1, hasText: false, needsOcr: [], text: null, extraction: null };
}
