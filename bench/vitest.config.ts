import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Only for `npm run bench`: the render counts, in jsdom. Not part of `npm test`.
export default defineConfig({
  plugins: [react()],
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['bench/**/*.test.tsx'],
    environment: 'jsdom',
    reporters: ['dot'],
  },
})
