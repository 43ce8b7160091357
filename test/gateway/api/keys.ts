import { ApiKeysRepo, generateApiKey, type ApiRole } from '../../../gateway/identity/api-keys-repo.js'
import type { TestFlare } from '../../helpers/flare.js'

/** A fresh API key with this role, stored through the real repository. */
export async function keyWithRole (f: TestFlare, role: ApiRole): Promise<string> {
  const key = generateApiKey()
  await new ApiKeysRepo(f.app.db.pool).create(key, role, `test ${role}`)
  return key
}

/** Every page of a listing, following `next` until it is null. */
export async function allPages (f: TestFlare, path: string, limit: number): Promise<{ pages: any[][], ids: string[] }> {
  const pages: any[][] = []
  let next: string | null = null
  do {
    const sep = path.includes('?') ? '&' : '?'
    const url: string = `${path}${sep}limit=${limit}${next === null ? '' : `&after=${encodeURIComponent(next)}`}`
    const res = await f.api('GET', url)
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${JSON.stringify(res.body)}`)
    pages.push(res.body.items)
    next = res.body.next
    if (pages.length > 1000) throw new Error('pagination does not end')
  } while (next !== null)
  return { pages, ids: pages.flat().map((d) => d.id) }
}
