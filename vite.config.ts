import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'
import { storybookProject } from './.storybook/vitestProject.js'

const external = ['react', 'react-dom', '@tanstack/react-query', 'axios', 'zod', 'msw']
const react18 = fileURLToPath(new URL('test/compat/react18/node_modules', import.meta.url))
const oldestPeers = fileURLToPath(new URL('test/compat/oldest-peers/node_modules', import.meta.url))

// The package is built for production whatever NODE_ENV says: `npm pack` and a git install run
// the build through `prepare`, often inside a shell or a test run with NODE_ENV=development or
// test, and a build made then would call React's development-only `jsxDEV`.
// `vite build` only: Vitest loads this file too (and sets NODE_ENV=test for its own run).
const viteBuild =
  process.argv[2] === 'build' && /^vite(\.js)?$/.test(basename(process.argv[1] ?? ''))
if (viteBuild) process.env.NODE_ENV = 'production'

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
          exclude: [
            '**/node_modules/**',
            'test/compat/**',
            // The README's recipes' tests: run in the README's own project (readmeProject.test.ts).
            'test/readme/project/**',
            'test/e2e/**',
            'test/e2e-security/**',
            'test/contract/**',
          ],
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
      {
        // The hook tests again, on React 18.3 (test/compat/react18, installed by npm test):
        // the oldest React the library supports. React and everything that imports it run
        // through Vite, so one React is used throughout.
        extends: true,
        resolve: {
          alias: [
            // Its ES build, so that its own `react-dom` imports go through the aliases below.
            {
              find: /^@testing-library\/react$/,
              replacement: fileURLToPath(
                new URL(
                  'node_modules/@testing-library/react/dist/@testing-library/react.esm.js',
                  import.meta.url,
                ),
              ),
            },
            { find: /^react-dom(\/.*)?$/, replacement: `${react18}/react-dom$1` },
            { find: /^react(\/.*)?$/, replacement: `${react18}/react$1` },
          ],
        },
        test: {
          name: 'react18',
          include: ['test/hooks/**/*.test.tsx', 'test/testing/createPixwelWrapper.test.tsx'],
          environment: 'node',
          setupFiles: ['test/setup.ts', 'test/compat/react18/expectReact18.ts'],
          server: {
            deps: { inline: ['@tanstack/react-query', '@testing-library/react'] },
          },
        },
      },
      {
        // The client and hook tests again, on the oldest @tanstack/react-query and axios that
        // peerDependencies allow (test/compat/oldest-peers, installed by npm test).
        extends: true,
        resolve: {
          alias: [
            {
              find: /^@tanstack\/react-query$/,
              replacement: `${oldestPeers}/@tanstack/react-query/build/modern/index.js`,
            },
            { find: /^axios$/, replacement: `${oldestPeers}/axios/index.js` },
          ],
        },
        test: {
          name: 'oldest-peers',
          include: [
            'test/hooks/**/*.test.tsx',
            'test/api/**/*.test.{ts,tsx}',
            'test/adversarial/hostile.test.ts',
            'test/adversarial/origins.test.ts',
          ],
          environment: 'node',
          setupFiles: ['test/setup.ts', 'test/compat/oldest-peers/expectOldestPeers.ts'],
          server: { deps: { inline: [/@tanstack/, /axios/] } },
        },
      },
      storybookProject,
    ],
  },
})
