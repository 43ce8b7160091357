// One style for the whole tree: neostandard (the standard style that aedes and fastify use), with its TypeScript rules.
import neostandard from 'neostandard'

export default [
  ...neostandard({ ts: true, ignores: ['dist/**', 'data/**', 'protos/gen/**', 'node_modules/**'] }),
  {
    rules: {
      // `void promise` marks a deliberately unawaited call (its errors are handled inside).
      'no-void': ['error', { allowAsStatement: true }],
      // A `let` bound late for a closure made before it (e.g. the broker the gateway publishes through).
      'prefer-const': ['error', { destructuring: 'all', ignoreReadBeforeAssign: true }],
      // The few places formatted otherwise (trailing commas, `;` between type members) follow the rest.
      '@stylistic/comma-dangle': ['error', 'never'],
      '@stylistic/member-delimiter-style': ['error', { multiline: { delimiter: 'none' }, singleline: { delimiter: 'comma', requireLast: false } }],
      // Errors are logged as Error objects under `err`: pino's serializer keeps the stack, PostgreSQL's code and the cause.
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.property.name=/^(trace|debug|info|warn|error|fatal)$/] > ObjectExpression > Property[key.name=/^(err|error)$/] > MemberExpression[property.name='message']",
        message: 'log the Error itself under `err` ({ err }), not its message'
      }, {
        selector: "CallExpression[callee.property.name=/^(trace|debug|info|warn|error|fatal)$/] > ObjectExpression > Property[key.name='error']",
        message: 'log errors under `err`, the key pino serializes'
      }]
    }
  },
  {
    // The console runs in the browser: plain ES modules with the browser's globals.
    files: ['gateway/console/public/**/*.js'],
    languageOptions: {
      globals: {
        window: 'readonly', document: 'readonly', location: 'readonly', navigator: 'readonly', fetch: 'readonly', WebSocket: 'readonly', AudioContext: 'readonly', Node: 'readonly'
      }
    }
  },
  {
    // The field app runs in the browser too (its pages and its service worker).
    files: ['gateway/field-app/public/**/*.js'],
    languageOptions: {
      globals: {
        window: 'readonly', document: 'readonly', location: 'readonly', navigator: 'readonly', fetch: 'readonly', history: 'readonly', localStorage: 'readonly', indexedDB: 'readonly', addEventListener: 'readonly', requestAnimationFrame: 'readonly', cancelAnimationFrame: 'readonly', performance: 'readonly', TextDecoder: 'readonly', crypto: 'readonly', self: 'readonly', caches: 'readonly', Response: 'readonly'
      }
    }
  },
  {
    // Rows become typed objects at the repository edge: no `any` where incidents, offers and alerts travel.
    files: ['gateway/dispatch/**', 'gateway/incidents/**', 'gateway/pipeline/**', 'gateway/storage/**', 'gateway/events/**', 'gateway/live/**', 'broker/**', 'config/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' }
  }
]
