/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const repo = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/**
 * The portal: `vite build` writes dist/web (served by the gateway at /, see apps/gateway/src/main.ts);
 * `vite` (npm run web:dev) serves it on :5173 with /api proxied to the gateway on :3000.
 * The libs are imported from source, so the live preview runs the server's very function.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: {
    alias: {
      '@spiffworks/commission-rules': repo('libs/commission-rules/src/index.ts'),
      '@spiffworks/contracts': repo('libs/contracts/src/index.ts'),
    },
  },
  build: {
    outDir: repo('dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    reportCompressedSize: false,
    // For the build report (npm run web:report): the entry chunk and its static imports.
    manifest: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    proxy: {
      '/api': { target: process.env.API_TARGET ?? 'http://localhost:3000', changeOrigin: true },
      '/health': { target: process.env.API_TARGET ?? 'http://localhost:3000', changeOrigin: true },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    testTimeout: 20_000,
    // Two cores here: two jsdom workers at most.
    maxWorkers: 2,
  },
});
