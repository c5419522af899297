/**
 * Opt-in features add nothing to the sign-in: bench/sign-in-entry.jsx (what `npm run size`
 * measures), bundled by esbuild against the built package (`npm test` builds first) as
 * `.size-limit.js` does, holds no text of the timeline (`pixwelTimeline`) nor of the idle
 * sign-out (`pixwelIdle`, whose cross-tab messages are `idle:…`), nor of the parser's warm-up
 * (`warmSessionParser`, whose synthetic bodies say `warm-`). The same app with
 * `timeline: pixwelTimeline()` does hold the timeline's words: the check can fail.
 */
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const appPeers = ['react', 'react-dom', '@tanstack/react-query', 'axios']

/** Words only the timeline's module writes. */
const timelineMarkers = ['another tab refreshed', 'interval refresh held', 'refresh skipped']
/** The idle extension's cross-tab message type. */
const idleMarkers = ['idle:active']
/** The warm-up's synthetic values. */
const warmUpMarkers = ['warm-']
/** The end-user messages (`pixwelErrorMessage`, `pixwelSignedOutMessage`). */
const messageMarkers = ['Please sign in again', 'This account is not allowed to do this']
/** zod (the exported schemas are zod/mini, built on first use). */
const zodMarkers = ['_zod']

async function bundle(entry: { path: string } | { contents: string }): Promise<string> {
  const result = await build({
    ...('path' in entry
      ? { entryPoints: [entry.path] }
      : { stdin: { contents: entry.contents, resolveDir: root, loader: 'jsx' } }),
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    jsx: 'automatic',
    alias: { 'pixwel-react': `${root}dist/index.js` },
    external: appPeers.flatMap((name) => [name, `${name}/*`]),
    logLevel: 'silent',
  })
  return result.outputFiles.map((file) => file.text).join('\n')
}

describe('the sign-in bundle', () => {
  it('holds nothing of the timeline, the idle sign-out, the warm-up, the end-user messages or zod', async () => {
    for (const entry of ['sign-in-entry.jsx', 'sign-in-out-entry.jsx']) {
      const code = await bundle({ path: `${root}bench/${entry}` })
      // The client is in it (its requests go to /session).
      expect(code).toContain('/session')
      for (const marker of [
        ...timelineMarkers,
        ...idleMarkers,
        ...warmUpMarkers,
        ...messageMarkers,
        ...zodMarkers,
      ])
        expect(code).not.toContain(marker)
    }
  })

  it('an app that turns the timeline on ships it (the check can fail)', async () => {
    const code = await bundle({
      contents: `import { createPixwelClient, pixwelTimeline } from 'pixwel-react'
        export const client = createPixwelClient({ timeline: pixwelTimeline() })`,
    })
    expect(code).toContain('another tab refreshed')
    expect(code).toContain('interval refresh held')
  })

  it('an app that turns the idle sign-out on ships it (the check can fail)', async () => {
    const code = await bundle({
      contents: `import { createPixwelClient, pixwelIdle } from 'pixwel-react'
        export const client = createPixwelClient({ idle: pixwelIdle({ timeoutMs: 900_000 }) })`,
    })
    for (const marker of idleMarkers) expect(code).toContain(marker)
  })

  it('an app that warms the parser ships the warm-up (the check can fail)', async () => {
    const code = await bundle({
      contents: `import { warmSessionParser } from 'pixwel-react'
        requestIdleCallback(function warm(deadline) {
          if (!warmSessionParser(deadline)) requestIdleCallback(warm)
        })`,
    })
    for (const marker of warmUpMarkers) expect(code).toContain(marker)
  })

  it('an app that imports the end-user messages or the zod schemas ships them (the check can fail)', async () => {
    const code = await bundle({
      contents: `import { pixwelErrorMessage, pixwelSignedOutMessage, sessionSchema } from 'pixwel-react'
        export { pixwelErrorMessage, pixwelSignedOutMessage, sessionSchema }`,
    })
    for (const marker of [...messageMarkers, ...zodMarkers]) expect(code).toContain(marker)
  })
})
