import { useContext } from 'react'
import { PixwelError } from '../errors/PixwelError.js'
import { PixwelContext, type PixwelContextValue } from './PixwelContext.js'

export function usePixwelContext(): PixwelContextValue {
  const value = useContext(PixwelContext)
  if (!value) {
    throw new PixwelError(
      'configuration',
      'pixwel-react hooks must be used inside a <PixwelProvider client={…}>.',
    )
  }
  return value
}
