import { createContext } from 'react'
import type { PixwelClient } from '../api/PixwelClient.js'

/** The client of the nearest {@link PixwelProvider}; `null` outside one. */
export const PixwelContext = createContext<PixwelClient | null>(null)
