import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

/** Builds web/ into web/dist, which the Fastify server serves at `/`. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1600 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
})
