import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { embeddedPixwelApi } from './embeddedPixwelApi.js'

const demoRoot = fileURLToPath(new URL('.', import.meta.url))
const repoRoot = fileURLToPath(new URL('..', import.meta.url))

/**
 * The demo app (`npm start`). `PIXWEL_API_URL` points it at a Pixwel API; without it the
 * embedded API starts too, on `PIXWEL_MOCK_PORT` (default 4020). `PORT` moves the app (default
 * 5173). All are read when the server starts.
 */
export default defineConfig(() => {
  const mockPort = process.env.PIXWEL_MOCK_PORT || '4020'
  const apiURL = process.env.PIXWEL_API_URL || `http://127.0.0.1:${mockPort}/api`
  const port = Number(process.env.PORT) || 5173
  return {
    root: demoRoot,
    plugins: [react(), embeddedPixwelApi()],
    define: { 'import.meta.env.VITE_PIXWEL_API_URL': JSON.stringify(apiURL) },
    server: { host: '127.0.0.1', port, fs: { allow: [repoRoot] } },
    preview: { host: '127.0.0.1', port },
    build: { outDir: `${repoRoot}artifacts/demo`, emptyOutDir: true, sourcemap: true },
    // Pre-bundled at start-up, so the first page load never triggers a re-optimise and reload.
    optimizeDeps: {
      include: [
        'react',
        'react-dom/client',
        'react/jsx-runtime',
        'react/jsx-dev-runtime',
        '@tanstack/react-query',
        '@tanstack/react-query-devtools',
        'axios',
        'zod',
      ],
    },
  }
})
