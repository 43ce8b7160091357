// protos/gen is committed: regenerating it from protos/*.proto, with the very script `npm run protos`
// runs, must give the committed files byte for byte. A .proto edited without regenerating fails here.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const committed = join(root, 'protos/gen')

t.test('protos/gen is what scripts/gen-protos.mjs makes from protos/*.proto', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'flare-protos-'))
  t.teardown(() => rmSync(out, { recursive: true, force: true }))
  execFileSync(process.execPath, [join(root, 'scripts/gen-protos.mjs'), out], { cwd: root, stdio: 'pipe' })

  t.same(readdirSync(out).sort(), readdirSync(committed).sort(), 'the same files')
  for (const file of readdirSync(committed)) {
    const fresh = readFileSync(join(out, file))
    t.ok(fresh.equals(readFileSync(join(committed, file))), `${file} is up to date (run npm run protos and commit protos/gen)`)
  }
})
