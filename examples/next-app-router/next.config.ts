import type { NextConfig } from 'next'

const config: NextConfig = {
  // The example is built inside the library's repository: this folder is the project's root.
  turbopack: { root: import.meta.dirname },
}

export default config
