import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

export type Package = typeof import('../src/index.js')
export type TestKit = typeof import('../src/testing/index.js')

/** The built package (`dist/`), as an app would import it: `npm run bench` builds it first. */
export const distIndexURL = pathToFileURL(resolve('dist/index.js')).href

export async function loadPackage(): Promise<Package> {
  return (await import(distIndexURL)) as Package
}

export async function loadTestKit(): Promise<TestKit> {
  return (await import(pathToFileURL(resolve('dist/testing.js')).href)) as TestKit
}
