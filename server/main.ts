// `npm run mock-api`: the embedded Pixwel API alone, on 127.0.0.1:$PIXWEL_MOCK_PORT (4020).
//
// Node 20 cannot run TypeScript, so package.json loads this file through Vite's module runner
// (`runnerImport`, the machinery behind `vite --configLoader runner`): no build step, no new
// dependency, and the server shares the test kit in src/testing as source.
import { describeDemoAccounts, mockPortFromEnv, startDemoServer } from './startDemoServer.js'
import { explainListenError } from './explainListenError.js'

try {
  const api = await startDemoServer({
    port: mockPortFromEnv(),
    log: (line) => {
      console.log(`[api] ${line}`)
    },
  })
  console.log(`Embedded Pixwel API: POST ${api.url}/session`)
  console.log(`Two-factor mailbox: GET ${api.url}/demo/mailbox`)
  console.log(describeDemoAccounts())
  console.log('Press Ctrl-C to stop.')
  const stop = (signal: NodeJS.Signals) => {
    console.log(`\n${signal}: stopping the embedded API…`)
    void api.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
} catch (error) {
  console.error(explainListenError(error, 'PIXWEL_MOCK_PORT'))
  process.exit(1)
}
