import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'
import { storybookProject } from './.storybook/vitestProject.js'

const external = ['react', 'react-dom', '@tanstack/react-query', 'axios', 'zod', 'msw']

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // public/ holds the MSW worker for Storybook; it is not part of the package.
    copyPublicDir: false,
    sourcemap: true,
    minify: false,
    lib: {
      entry: { index: 'src/index.ts', core: 'src/core.ts', testing: 'src/testing/index.ts' },
      formats: ['es'],
    },
    rolldownOptions: {
      external: (id) => external.some((name) => id === name || id.startsWith(`${name}/`)),
      output: {
        // The hooks entry is a client module for React Server Components (Next.js App Router):
        // a Server Component layout can render <PixwelProvider>. Core and the test kit are not.
        banner: (chunk) => (chunk.isEntry && chunk.name === 'index' ? "'use client';" : ''),
      },
    },
  },
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'artifacts/vitest-results.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/browser/**', 'test/e2e/**', 'test/e2e-security/**', 'test/contract/**'],
          environment: 'node',
          setupFiles: ['test/setup.ts'],
          typecheck: {
            enabled: true,
            include: ['test/**/*.test-d.{ts,tsx}'],
            tsconfig: './tsconfig.json',
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [
            'test/contract/**/*.test.ts',
            'test/e2e/**/*.test.ts',
            'test/e2e-security/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      storybookProject,
    ],
  },
})
