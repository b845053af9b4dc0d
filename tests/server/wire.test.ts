import { describe, expect, it } from 'vitest';
import { FrameError, containsBytes, decodeFrame, encodeFrame } from '../../main/core/api/wire';

describe('wire frame', () => {
  it('round-trips nested bytes, Buffers included, and plain values', () => {
    const value = {
      docs: [
        { id: 'a', bytes: new Uint8Array([0, 255, 7]) },
        { id: 'b', bytes: Buffer.from('%PDF-1.7') },
      ],
      n: 3,
      s: 'x',
      empty: new Uint8Array(0),
    };
    const out = decodeFrame(encodeFrame(value)) as typeof value;
    expect([...out.docs[0]!.bytes]).toEqual([0, 255, 7]);
    expect(Buffer.from(out.docs[1]!.bytes).toString()).toBe('%PDF-1.7');
    expect(out.docs[1]!.bytes).toBeInstanceOf(Uint8Array);
    expect(out.empty.byteLength).toBe(0);
    expect(out.n).toBe(3);
    expect(out.s).toBe('x');
  });

  it('knows when a value holds bytes', () => {
    expect(containsBytes({ a: [{ b: new Uint8Array(1) }] })).toBe(true);
    expect(containsBytes({ a: [{ b: [1, 2] }] })).toBe(false);
  });

  it('refuses what is not a frame, a cut frame and references out of range', () => {
    expect(() => decodeFrame(new TextEncoder().encode('{"docs":[]}'))).toThrow(FrameError);
    const frame = encodeFrame({ b: new Uint8Array([1, 2, 3, 4]) });
    expect(() => decodeFrame(frame.subarray(0, 10))).toThrow(FrameError);
    expect(() => decodeFrame(frame.subarray(0, frame.byteLength - 1))).toThrow(FrameError);
    const forged = encodeFrame({ b: { $bytes: [0, 1_000_000] } });
    expect(() => decodeFrame(forged)).toThrow(FrameError);
  });
});
