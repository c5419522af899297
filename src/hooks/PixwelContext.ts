import { createContext } from 'react'
import type { PixwelClient } from '../api/createPixwelClient.js'

/** What {@link PixwelProvider} gives its hooks. */
export interface PixwelContextValue {
  client: PixwelClient
  /** Tells the app's other tabs to sign out too. */
  broadcastSignOut: () => void
}

export const PixwelContext = createContext<PixwelContextValue | null>(null)
