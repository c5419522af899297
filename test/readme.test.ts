/**
 * Every `ts`/`tsx` code block of README.md compiles, as an app would write it: `pixwel-react`
 * and `pixwel-react/testing` resolve to this repository's sources, and each block is a module
 * of its own (no hidden preamble).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const folder = `${root}artifacts/readme-blocks/`

function readmeBlocks(): { language: string; code: string; line: number }[] {
  const readme = readFileSync(`${root}README.md`, 'utf8')
  return [...readme.matchAll(/^```(ts|tsx)\n([\s\S]*?)\n```$/gm)].map((match) => ({
    language: match[1]!,
    code: match[2]!,
    line: readme.slice(0, match.index).split('\n').length,
  }))
}

describe('README.md', () => {
  it(
    'has ts/tsx code blocks that all compile',
    () => {
      const blocks = readmeBlocks()
      expect(blocks.length).toBeGreaterThanOrEqual(5)
      rmSync(folder, { recursive: true, force: true })
      mkdirSync(folder, { recursive: true })
      const files = blocks.map((block, index) => {
        const file = `${folder}block-${index + 1}-line-${block.line}.${block.language}`
        writeFileSync(file, block.code)
        return file
      })
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
        baseUrl: root,
        paths: {
          'pixwel-react': ['src/index.ts'],
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
