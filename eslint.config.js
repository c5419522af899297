import js from '@eslint/js'
import pluginQuery from '@tanstack/eslint-plugin-query'
import reactHooks from 'eslint-plugin-react-hooks'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

export default defineConfig(
  {
    ignores: [
      'dist',
      'storybook-static',
      'coverage',
      'artifacts',
      'node_modules',
      'public/mockServiceWorker.js',
      // The Next.js example is its own project (its own install, tsconfig and `next build`).
      'examples',
      'test/compat/typescript',
      // Imports the README's blocks, which exist only once test/readme.test.ts writes them.
      'test/readme/project',
    ],
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  pluginQuery.configs['flat/recommended'],
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // TypeScript checks names; ESLint's no-undef knows no Node or DOM globals here.
      'no-undef': 'off',
    },
  },
  {
    files: ['src/schemas/**', 'src/api/**', 'src/errors/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', '@tanstack/*', '../hooks/*', '../testing/*'],
              message:
                'Only src/hooks may import React or React Query; nothing imports the test kit.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/schemas/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['axios', 'react', '@tanstack/*', '../api/*', '../hooks/*', '../testing/*'],
              message: 'schemas import nothing of the other layers.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'test/**',
      'bench/**',
      'scripts/**',
      'server/**',
      'demo/**',
      'stories/**',
      '.storybook/**',
      '*.config.*',
    ],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
)
