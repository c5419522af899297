/**
 * axe on the demo page itself, in Chromium, in every state a person meets: signed out, a failed
 * sign-in, the two-factor card (with its mailbox), signed in, restoring a kept session, and a
 * restore that failed.
 * The stories are checked by Storybook's a11y addon; this checks the page as `npm start` serves it.
 */
import { createRequire } from 'node:module'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemoServer } from '../../server/startDemoServer.js'
import type { PixwelServer } from '../../server/startPixwelServer.js'
import { demoPassword, demoTwoFactorToken } from '../../src/testing/index.js'
import { chromiumArgs, chromiumPath } from '../support/chromium.js'
import { signIn, startDemoApp, type DemoApp } from './startDemoApp.js'
import { answerRevoked } from '../support/revokedSession'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

interface Violation {
  id: string
  impact: string | null
  nodes: { target: string[] }[]
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath })
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document) => Promise<{ violations: Violation[] }> }
      }
    ).axe
    return (await axe.run(document)).violations
  })
  return violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? '?'}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  )
}

describe('the demo page passes axe in every state', () => {
  let api: PixwelServer
  let app: DemoApp
  let browser: Browser

  beforeAll(async () => {
    api = await startDemoServer({ port: 0, bcryptCost: 4, delayMs: 120_000 })
    app = await startDemoApp(api.url)
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await api?.close()
  })

  it('signed out, a failed sign-in, two-factor, signed in, restoring, unreachable, restore failed', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)
    const found: Record<string, string[]> = {}

    await page.goto(app.url)
    await page.getByLabel('Username', { exact: true }).waitFor()
    found['signed out'] = await axeViolations(page)

    await signIn(page, 'demo@example.com', 'not-the-password')
    await page.getByRole('alert').waitFor()
    found['failed sign-in'] = await axeViolations(page)

    await signIn(page, 'two-factor@example.com', demoPassword)
    await page.getByRole('link', { name: 'Open the verification link' }).waitFor()
    found['two-factor'] = await axeViolations(page)

    await page.getByLabel('Personal access token').fill(demoTwoFactorToken)
    await page.getByLabel('Keep me signed in on this device').check()
    await page.getByRole('button', { name: 'Sign in with token' }).click()
    await page.getByRole('heading', { name: 'Tomas Twofactor' }).waitFor()
    found['signed in'] = await axeViolations(page)

    // Restoring: the kept token's request held back, so the page stays on that card.
    await page.route(`${api.url}/session`, () => undefined)
    await page.reload()
    await page.getByText('Restoring your session…').waitFor()
    found.restoring = await axeViolations(page)

    // Pixwel cannot be reached: the unreachable card (the token is kept).
    await page.unroute(`${api.url}/session`)
    await page.route(`${api.url}/session`, (route) => route.abort('connectionrefused'))
    await page.reload()
    await page.getByText('Can’t reach Pixwel, retrying…').waitFor()
    found.unreachable = await axeViolations(page)

    // The kept token was revoked: the notice in the sign-in card.
    await page.unroute(`${api.url}/session`)
    await page.route(`${api.url}/session`, answerRevoked)
    await page.reload()
    await page.getByText('Your saved session could not be restored.').waitFor()
    found['restore failed'] = await axeViolations(page)

    expect(found).toEqual({
      'signed out': [],
      'failed sign-in': [],
      'two-factor': [],
      'signed in': [],
      restoring: [],
      unreachable: [],
      'restore failed': [],
    })
    await context.close()
  })
})
