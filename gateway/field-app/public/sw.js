// The field app's service worker: the app shell is cached at install, so the app opens from the
// home screen without a network. Network first (a new release is picked up at once), the cache
// when the network fails. The REST API and the MQTT WebSocket are never cached.
const CACHE = 'flare-app-v1'
const SHELL = [
  './', 'index.html', 'app.css', 'manifest.webmanifest',
  'icons/icon.svg', 'icons/icon-192.png', 'icons/icon-512.png',
  'vendor/mqtt/mqtt.min.js',
  'js/main.js', 'js/store.js', 'js/ui.js', 'js/link.js', 'js/geo.js', 'js/sos.js', 'js/responder.js', 'js/contact.js',
  'i18n/en.json', 'i18n/af.json',
  '/console/js/i18n.js', '/console/js/sound.js', '/console/vendor/leaflet/leaflet-src.esm.js', '/console/vendor/leaflet/leaflet.css', '/console/config.json'
]

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()))
})

self.addEventListener('fetch', (event) => {
  const req = event.request
  const url = new URL(req.url)
  if (req.method !== 'GET' || url.origin !== self.location.origin) return
  if (url.pathname.startsWith('/api/') || url.pathname === '/mqtt') return
  if (!url.pathname.startsWith('/app/') && !url.pathname.startsWith('/console/')) return
  event.respondWith(fetch(req).then((res) => {
    if (res.ok) { const copy = res.clone(); void caches.open(CACHE).then((c) => c.put(req, copy)) }
    return res
  }).catch(async () => {
    const hit = await caches.match(req, { ignoreSearch: true })
    if (hit !== undefined) return hit
    // An app page opened offline (any fragment or query): the shell.
    if (req.mode === 'navigate') return (await caches.match('index.html')) ?? Response.error()
    return Response.error()
  }))
})
