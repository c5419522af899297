import type { ReactNode } from 'react'
import { PixwelProvider } from 'pixwel-react'

// A Server Component: it renders the provider with plain options only; the provider (a client
// component, the library's entry starts with 'use client') makes the client in the browser.
const baseURL = process.env.NEXT_PUBLIC_PIXWEL_API_URL ?? 'https://api-staging.pixwel.com/api'
// How long the emailed link works: Pixwel's 10 minutes unless the build says otherwise (the
// e2e test shortens it to see an expiry).
const twoFactorLifetimeMs = Number(process.env.NEXT_PUBLIC_PIXWEL_TWO_FACTOR_LIFETIME_MS) || 600_000

export const metadata = { title: 'pixwel-react on Next.js' }

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <PixwelProvider options={{ baseURL, persist: 'local', twoFactorLifetimeMs }}>
          {children}
        </PixwelProvider>
      </body>
    </html>
  )
}
