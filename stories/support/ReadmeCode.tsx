import { Source } from '@storybook/addon-docs/blocks'
import type { ComponentProps } from 'react'
import { readmeCodeBlocks } from './readmeCodeBlocks.js'

type Language = NonNullable<ComponentProps<typeof Source>['language']>

const languages: Record<string, Language> = {
  sh: 'bash',
  bash: 'bash',
  ts: 'typescript',
  tsx: 'tsx',
  json: 'json',
}

/**
 * The code of one README section, as docs source blocks.
 *
 * @example
 * ```tsx
 * <ReadmeCode section="Quick start" />
 * ```
 */
export function ReadmeCode({ section }: { section: string }) {
  return readmeCodeBlocks(section).map(({ language, code }) => (
    <Source key={code} language={languages[language] ?? 'text'} code={code} dark />
  ))
}
