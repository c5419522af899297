import { createContext } from 'react'
import type { PixwelClient } from '../api/createPixwelClient.js'

/** The client of the nearest {@link PixwelProvider}; `null` outside one. */
export const PixwelContext = createContext<PixwelClient | null>(null)
