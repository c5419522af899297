/**
 * Debian's Chromium, as every browser test here launches it (never a downloaded build).
 * `PIXWEL_CHROMIUM` points elsewhere, as for scripts/ensure-chromium.mjs.
 */
export const chromiumPath = process.env.PIXWEL_CHROMIUM ?? '/usr/bin/chromium'

/** No sandbox as root; no background traffic, since only loopback is reachable here. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]
