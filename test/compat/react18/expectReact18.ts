import { version } from 'react'
import { version as domVersion } from 'react-dom'
import { beforeAll, expect } from 'vitest'

// The react18 project must really run on React 18: fail loudly if the alias did not apply.
beforeAll(() => {
  expect(version).toMatch(/^18\.3\./)
  expect(domVersion).toMatch(/^18\.3\./)
})
