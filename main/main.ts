import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from './core/engine';
import { createOcrService } from './core/ocr/ocr-service';
import { createCoreAiLink } from './services/core-ai-link';
import { startDesktop } from './shell/start-desktop';

/**
 * The Electron entry (dist/main/main.js). Everything happens in main/shell; this names
 * the real engine, provider and OCR, and where the built renderer and preload are.
 */
const here = dirname(fileURLToPath(import.meta.url));

startDesktop({
  createEngine,
  ai: createCoreAiLink(),
  createOcr: () => createOcrService(),
  rendererDir: join(here, '..', 'renderer'),
  preloadPath: join(here, '..', 'preload', 'preload.cjs'),
});
