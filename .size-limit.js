// Size budgets (min+gzip, peer dependencies external), checked by `npm run size`.
// Budgets only go down, except when the library takes on a job. The session owner (state,
// latest-wins, cross-tab), hardening round 2 (own-property reads, the whole-exchange deadline,
// RFC 9110 Retry-After, origin checks) and session continuity (persistence, restore, refresh,
// the two-factor wait, two hooks) and the fixes of the attacks on them took it from 7.5 to
// 11.91 kB; pixwelErrorMessage, the core/hooks split and the provider's checked `options`,
// 12.54 kB. "Performance, round 2" replaces this own-code budget with the bundle cost of the
// sign-in, zod included.

/**
 * Fails the check if the main entry pulls in the test kit, whatever its size.
 * @type {import('esbuild').Plugin}
 */
const noTestKit = {
  name: 'no-test-kit',
  setup(build) {
    build.onResolve({ filter: /testing/ }, (args) => ({
      errors: [
        { text: `"." must not import the test kit, but ${args.importer} imports ${args.path}` },
      ],
    }))
  },
}

export default [
  {
    name: 'pixwel-react (.)',
    path: 'dist/index.js',
    gzip: true,
    limit: '12.55 kB',
    /** @param {import('esbuild').BuildOptions} config */
    modifyEsbuildConfig: (config) => ({
      ...config,
      plugins: [...(config.plugins ?? []), noTestKit],
    }),
  },
  // Not budgeted (it does not ship to apps' users); listed to show its size.
  { name: 'pixwel-react/testing', path: 'dist/testing.js', gzip: true },
]
