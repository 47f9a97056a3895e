import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { compression } from 'vite-plugin-compression2'

/**
 * Builds web/ into web/dist, which the Fastify server serves at `/`. Every asset is also written
 * compressed once, at the highest levels (`.br`, `.gz`; vite-plugin-compression2): the server sends
 * those files as they are (@fastify/static `preCompressed`) instead of compressing the 1.4 MB
 * script again for every page load.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1600 },
  // Not index.html: @fastify/static does not find its compressed twin for `/` (a 404), and it is small.
  plugins: [compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024, include: /\.(js|mjs|css)$/ })],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
})
