import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiCallError, CHANNELS, IPC_EVENT_CHANNEL, ipcChannel, type ApiEvent, type ScrApi } from '../../main/core/api/contract';
import { wrapDesktopBridge } from '../../renderer/src/api/desktop-client';
import type { createElectronMock } from './electron-mock';

const mock = vi.hoisted(() => ({ current: null as unknown as ReturnType<typeof createElectronMock> }));
vi.mock('electron', async () => {
  const { createElectronMock } = await import('./electron-mock');
  mock.current = createElectronMock();
  return { ...mock.current.electron, default: mock.current.electron };
});

let exposed: Record<string, unknown>;

beforeAll(async () => {
  // What the preload build writes in from the channel table (scripts/build.ts); the built
  // bundle itself is checked in build-outputs.test.ts.
  vi.stubGlobal('__SCR_CHANNELS__', CHANNELS);
  await import('../../preload/index');
  const calls = mock.current.electron.contextBridge.exposeInMainWorld.mock.calls;
  expect(calls).toHaveLength(1);
  expect(calls[0]![0]).toBe('scrApi');
  exposed = calls[0]![1] as Record<string, unknown>;
});

describe('preload', () => {
  it('exposes one function per channel plus onEvent, and nothing else (no ipcRenderer, no generic send)', () => {
    expect(Object.keys(exposed).sort()).toEqual([...CHANNELS, 'onEvent'].sort());
    for (const value of Object.values(exposed)) expect(typeof value).toBe('function');
    expect(Object.values(exposed)).not.toContain(mock.current.electron.ipcRenderer);
  });

  it('invokes the channel’s own IPC name with the payload and resolves with the value', async () => {
    const invoke = mock.current.electron.ipcRenderer.invoke;
    invoke.mockResolvedValueOnce({ ok: true, value: { count: 2 } });
    const cancel = exposed.cancelJobs as (p: unknown) => Promise<unknown>;
    expect(await cancel({ ids: ['a', 'b'] })).toEqual({ count: 2 });
    expect(invoke).toHaveBeenLastCalledWith(ipcChannel('cancelJobs'), { ids: ['a', 'b'] });
  });

  it('rejects with the plain failure, which getApi() turns back into an ApiCallError', async () => {
    const invoke = mock.current.electron.ipcRenderer.invoke;
    invoke.mockResolvedValue({ ok: false, error: { code: 'ERR_BAD_REQUEST', message: 'The request to cancelJobs was not valid.', issues: ['ids'] } });
    const raw = await (exposed.cancelJobs as (p: unknown) => Promise<unknown>)({}).catch((e: unknown) => e);
    expect(raw).toEqual({ code: 'ERR_BAD_REQUEST', message: 'The request to cancelJobs was not valid.', issues: ['ids'] });
    const wrapped = wrapDesktopBridge(exposed as unknown as ScrApi);
    const err = await wrapped.cancelJobs({ ids: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect((err as ApiCallError).code).toBe('ERR_BAD_REQUEST');
    expect((err as ApiCallError).issues).toEqual(['ids']);
    invoke.mockReset();
  });

  it('passes events on without the IPC event object, and unsubscribes', () => {
    const { on, removeListener } = mock.current.electron.ipcRenderer;
    const got: unknown[][] = [];
    const off = (exposed.onEvent as (l: (e: ApiEvent) => void) => () => void)((...args) => got.push(args));
    const [channel, forward] = on.mock.calls.at(-1)! as [string, (e: unknown, ev: ApiEvent) => void];
    expect(channel).toBe(IPC_EVENT_CHANNEL);
    forward({ sender: 'secret' }, { type: 'removed', jobId: 'j' });
    expect(got).toEqual([[{ type: 'removed', jobId: 'j' }]]);
    off();
    expect(removeListener).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, forward);
  });
});
