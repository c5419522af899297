/**
 * The demo's Timeline panel, in Chromium: after a sign-in and a refresh it lists the client's
 * decisions (the request and why, the answer, the change of status), and nothing of the user:
 * no email, no password, no name, no token, no Authorization scheme. Open, it keeps the page's
 * layout clean on a phone and passes axe.
 */
import { mkdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { demoAccounts, demoPassword, syntheticPasswordHash } from '../../src/testing/index.js'
import { readLayout } from '../support/readLayout.js'
import { signIn, useDemoInChromium } from './startDemoApp.js'

const artifacts = fileURLToPath(new URL('../../artifacts/', import.meta.url))
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

describe('the demo’s Timeline panel', () => {
  const demo = useDemoInChromium()

  it('shows the sign-in and the refresh, and no email, password or name', async () => {
    const page = await demo.browser.newPage({ viewport: { width: 375, height: 667 } })
    page.setDefaultTimeout(15_000)
    const account = demoAccounts.find((one) => one.username === 'demo@example.com')!
    await page.goto(demo.app.url)
    const panel = page.getByRole('region', { name: 'Timeline' })
    await panel.waitFor()
    await signIn(page, account.username, demoPassword)
    await page.getByRole('heading', { name: 'Dana Demo' }).waitFor()
    await page.getByRole('button', { name: 'Refresh session' }).click()
    await panel.getByText('Timeline').click()
    await panel.getByText('refresh answered: unchanged').waitFor()
    await mkdir(artifacts, { recursive: true })
    await page.screenshot({ path: `${artifacts}e2e-timeline-375.png`, fullPage: true })
    const text = await panel.innerText()
    expect(text).toContain('sign-in sent: with a password')
    expect(text).toContain('sign-in answered: signed in')
    expect(text).toContain('signed-out → signed-in')
    expect(text).toContain('refresh sent: the app called refreshSession()')
    const html = await panel.innerHTML()
    for (const secret of [
      account.username,
      demoPassword,
      'Dana',
      'example.com',
      syntheticPasswordHash,
      String(account.session?._id),
      'Basic ',
      'Bearer',
      'pat_',
    ]) {
      expect(text).not.toContain(secret)
      expect(html).not.toContain(secret)
    }

    // Open, the panel keeps the phone's layout clean and passes axe.
    const layout = await page.evaluate(readLayout)
    expect(layout).toMatchObject({ overlaps: [], wrappedButtons: [], brokenEmails: [] })
    expect(layout.overflow).toBeLessThanOrEqual(0)
    await page.addScriptTag({ path: axePath })
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run: (context: Document) => Promise<{ violations: { id: string }[] }> }
        }
      ).axe
      return (await axe.run(document)).violations.map((violation) => violation.id)
    })
    expect(violations).toEqual([])
    await page.close()
  })
})
