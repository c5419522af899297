/**
 * The API root every story's `PixwelClient` talks to, and every story's MSW handlers answer.
 * `.test` is reserved (RFC 2606): if a request ever escaped MSW it could reach nobody.
 *
 * @example
 * ```ts
 * parameters: { msw: [createSessionHandler({ baseURL: storyBaseURL, scenario: 'forbidden' })] }
 * ```
 */
export const storyBaseURL = 'https://api.pixwel.test/api'
