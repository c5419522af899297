import axios from 'axios'
import { beforeAll, expect } from 'vitest'

// The oldest-peers project must really run on the oldest peers: fail if the alias did not apply.
beforeAll(() => {
  expect(axios.VERSION).toBe('1.21.1')
})
