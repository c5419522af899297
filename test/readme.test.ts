/**
 * Every `ts`/`tsx` code block of README.md compiles, as an app would write it: `pixwel-react`,
 * `pixwel-react/core` and `pixwel-react/testing` resolve to this repository's sources, and each
 * block is a module of its own (no hidden preamble). A block that names its file on its first
 * line is saved under that name, so the blocks that import each other (`./App`,
 * `./mocks/server`) compile together, with the tests of the recipes (test/readme/project/).
 * test/readme/readmeProject.test.ts runs them.
 */
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { readmeBlocks, root, writeReadmeProject } from './readme/readmeBlocks'

const folder = fileURLToPath(new URL('../artifacts/readme-blocks/', import.meta.url))

describe('README.md', () => {
  it('names the files of the testing section and of the recipes', () => {
    const named = readmeBlocks().flatMap((block) => (block.file ? [block.file] : []))
    expect(named).toEqual(
      expect.arrayContaining([
        'src/App.tsx',
        'vitest.config.ts',
        'vitest.setup.ts',
        'src/mocks/server.ts',
        'src/App.test.tsx',
        'src/Greeting.test.tsx',
      ]),
    )
  })

  it(
    'has ts/tsx code blocks that all compile',
    () => {
      const files = writeReadmeProject(folder)
      expect(files.length).toBeGreaterThanOrEqual(10)
      const program = ts.createProgram(files, {
        strict: true,
        noUncheckedIndexedAccess: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        jsx: ts.JsxEmit.ReactJSX,
        moduleDetection: ts.ModuleDetectionKind.Force,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
        baseUrl: root,
        paths: {
          'pixwel-react': ['src/index.ts'],
          'pixwel-react/core': ['src/core.ts'],
          'pixwel-react/testing': ['src/testing/index.ts'],
        },
      })
      const problems = ts
        .getPreEmitDiagnostics(program)
        .filter((diagnostic) => diagnostic.file && files.includes(diagnostic.file.fileName))
        .map((diagnostic) => {
          const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
          const name = diagnostic.file!.fileName.slice(folder.length)
          return `${name}:${line + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`
        })
      expect(problems).toEqual([])
    },
    // Building a TypeScript program over the sources takes seconds on a 2-core machine.
    60_000,
  )
})
