/**
 * The `ts`/`tsx` code blocks of README.md, as files. A block whose first line is a comment
 * naming a file (`// vitest.setup.ts`, `// src/router.tsx`) is that file, as a reader would
 * save it; the others are written as `block-N-line-L.ts(x)`. test/readme.test.ts compiles them
 * all; test/readme/readmeProject.test.ts runs the named ones as a project.
 */
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('../..', import.meta.url))

/** The tests of the README's recipes (not in the README): copied beside the named blocks. */
const recipeTests = fileURLToPath(new URL('project/', import.meta.url))

export interface ReadmeBlock {
  language: 'ts' | 'tsx'
  code: string
  /** The README line the block starts on. */
  line: number
  /** The file the block names on its first line, if it names one. */
  file: string | undefined
}

export function readmeBlocks(): ReadmeBlock[] {
  const readme = readFileSync(`${root}README.md`, 'utf8')
  // Blocks inside a list item are indented: their lines lose that indentation.
  return [...readme.matchAll(/^( *)```(ts|tsx)\n([\s\S]*?)\n\1```$/gm)].map((match) => {
    const indent = match[1]!
    const code = match[3]!
      .split('\n')
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
      .join('\n')
    const named = /^\/\/ ([\w.-]+(?:\/[\w.-]+)*\.tsx?)\n/.exec(code)
    return {
      language: match[2] as 'ts' | 'tsx',
      code,
      line: readme.slice(0, match.index).split('\n').length,
      file: named?.[1],
    }
  })
}

/**
 * Writes the README's blocks (and the recipes' tests) into `folder`, emptied first; returns
 * the files written. With `linkPackage`, `node_modules/pixwel-react` in it is this repository,
 * so the blocks import the built package through its `exports`, as an app does.
 */
export function writeReadmeProject(folder: string, { linkPackage = false } = {}): string[] {
  rmSync(folder, { recursive: true, force: true })
  mkdirSync(folder, { recursive: true })
  const files: string[] = []
  readmeBlocks().forEach((block, index) => {
    const file = join(
      folder,
      block.file ?? `block-${index + 1}-line-${block.line}.${block.language}`,
    )
    if (files.includes(file)) throw new Error(`README.md names ${block.file} twice`)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, block.code)
    files.push(file)
  })
  cpSync(recipeTests, folder, { recursive: true })
  for (const name of readdirSync(recipeTests, { recursive: true, encoding: 'utf8' })) {
    if (/\.tsx?$/.test(name)) files.push(join(folder, name))
  }
  if (linkPackage) {
    mkdirSync(join(folder, 'node_modules'))
    symlinkSync(root, join(folder, 'node_modules/pixwel-react'), 'dir')
  }
  return files
}
