import { expect, it, vi } from 'vitest';
import { createFakeEngine, createIdleCpuPool } from '../helpers/fake-engine';
import { FakeBrowserWindow, type createElectronMock } from './electron-mock';

const mock = vi.hoisted(() => ({ current: null as unknown as ReturnType<typeof createElectronMock> }));
vi.mock('electron', async () => {
  const { createElectronMock } = await import('./electron-mock');
  mock.current = createElectronMock();
  mock.current.state.singleInstance = false;
  return { ...mock.current.electron, default: mock.current.electron };
});

it('quits at once, opening nothing, when another copy already runs', async () => {
  const { startDesktop } = await import('../../main/shell/start-desktop');
  const engines: unknown[] = [];
  startDesktop({
    createEngine: (o) => {
      const e = createFakeEngine(o);
      engines.push(e);
      return e;
    },
    createCpuPool: () => createIdleCpuPool(),
    ai: null,
    rendererDir: '/nowhere',
    preloadPath: '/nowhere/preload.cjs',
  });
  mock.current.state.ready.resolve();
  await new Promise((r) => setTimeout(r, 0));
  expect(mock.current.electron.app.quit).toHaveBeenCalled();
  expect(FakeBrowserWindow.instances).toHaveLength(0);
  expect(mock.current.state.ipcHandlers.size).toBe(0);
  expect(engines).toHaveLength(0);
});
