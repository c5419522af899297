/// <reference types="vite/client" />
import readme from '../../README.md?raw'

/**
 * The fenced code blocks of one `## ` section of the README, in order, so the docs show the
 * README's own quick start instead of a copy that drifts.
 *
 * @example
 * ```ts
 * readmeCodeBlocks('Quick start') // [{ language: 'sh', code: 'npm install …' }, …]
 * ```
 */
export function readmeCodeBlocks(heading: string): { language: string; code: string }[] {
  const marker = `\n## ${heading}\n`
  const start = readme.indexOf(marker)
  if (start === -1) throw new Error(`README.md has no "## ${heading}" section.`)
  const rest = readme.slice(start + marker.length)
  const end = rest.search(/\n## /)
  const section = end === -1 ? rest : rest.slice(0, end)
  const blocks = [...section.matchAll(/```(\w*)\n([\s\S]*?)\n```/g)].map((match) => ({
    language: match[1] ?? '',
    code: match[2] ?? '',
  }))
  if (blocks.length === 0) throw new Error(`README.md's "## ${heading}" has no code.`)
  return blocks
}
