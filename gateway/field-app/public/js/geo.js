// The browser's position as Flare's Location (proto3 JSON), and the battery where the browser tells.
export function watchPosition (onFix, onError) {
  if (!('geolocation' in navigator)) { onError('unsupported'); return }
  navigator.geolocation.watchPosition(
    (p) => onFix(toLocation(p)),
    (e) => onError(e.code === 1 ? 'denied' : 'unavailable'),
    { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 })
}

export function toLocation (p) {
  return { lat: p.coords.latitude, lon: p.coords.longitude, accuracyM: Math.round(p.coords.accuracy ?? 0), source: 'GPS', fixAtMs: Math.round(p.timestamp) }
}

/** Resolves with a fix within `ms`, or null (denied, unavailable, too slow). */
export function currentPosition (ms) {
  return new Promise((resolve) => {
    if (!('geolocation' in navigator)) { resolve(null); return }
    navigator.geolocation.getCurrentPosition((p) => resolve(toLocation(p)), () => resolve(null), { enableHighAccuracy: true, maximumAge: 10_000, timeout: ms })
  })
}

/** Calls back with the battery percentage now and on every change; never, where the browser hides it. */
export async function watchBattery (onLevel) {
  if (typeof navigator.getBattery !== 'function') return
  try {
    const b = await navigator.getBattery()
    const tell = () => onLevel(Math.round(b.level * 100))
    b.addEventListener('levelchange', tell)
    tell()
  } catch { /* not given: the alert goes without */ }
}

export function distanceKm (a, b) {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)))
}
