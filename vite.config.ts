import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const pdfjsDir = resolve(here, 'node_modules/pdfjs-dist');

/**
 * pdfjs fetches standard fonts, CMaps and its wasm decoders at run time. The CSP forbids
 * remote sources, so they ship beside the renderer under pdfjs/ and are fetched from 'self'.
 */
function pdfjsAssets(): Plugin {
  const folders = ['standard_fonts', 'cmaps', 'wasm'];
  return {
    name: 'scr-pdfjs-assets',
    apply: 'build',
    generateBundle() {
      for (const folder of folders) {
        const root = join(pdfjsDir, folder);
        for (const file of walk(root)) {
          this.emitFile({
            type: 'asset',
            fileName: `pdfjs/${folder}/${relative(root, file).split('\\').join('/')}`,
            source: readFileSync(file),
          });
        }
      }
    },
  };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

// The renderer is served from app:// in Electron and from the local web server in web mode,
// so every URL in the build is relative ('./') and nothing is fetched from elsewhere.
export default defineConfig({
  root: resolve(here, 'renderer'),
  base: './',
  publicDir: false,
  plugins: [react(), pdfjsAssets()],
  css: {
    preprocessorOptions: {
      scss: { loadPaths: [resolve(here, 'node_modules')], quietDeps: true },
    },
  },
  build: {
    outDir: resolve(here, 'dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // pdf.js alone is ~1 MB; the warning would only be noise for an app loaded from disk.
    chunkSizeWarningLimit: 2000,
    assetsInlineLimit: 0,
    // The SCSS compile dominates a build by design; its timing notice would only alarm
    // someone running `npm start` for the first time.
    rolldownOptions: {
      checks: { bundlerTimings: false },
      // Everything the first screen needs in one script: left to itself the bundler splits
      // off each module the screens share with the start into a file of its own (a dozen
      // requests, queued six at a time, before anything runs). The screens stay apart.
      output: { codeSplitting: { groups: [{ name: 'start', tags: ['$initial'] }] } },
    },
  },
  worker: { format: 'es' },
});
