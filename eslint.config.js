// One style for the whole tree: neostandard (the standard style that aedes and fastify use), with its TypeScript rules.
import neostandard from 'neostandard'

export default [
  ...neostandard({ ts: true, ignores: ['dist/**', 'data/**', 'protos/gen/**', 'node_modules/**'] }),
  {
    rules: {
      // `void promise` marks a deliberately unawaited call (its errors are handled inside).
      'no-void': ['error', { allowAsStatement: true }]
    }
  }
]
