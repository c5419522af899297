/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The Pixwel API root the demo signs in to; set from `PIXWEL_API_URL` by demo/vite.config.ts. */
  readonly VITE_PIXWEL_API_URL: string
}
