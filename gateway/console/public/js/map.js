// The map: Leaflet from the server (no CDN), no tiles unless configured — zones over a plain
// background, incidents and responders as labelled markers (shape and text, not colour alone).
import * as L from '../vendor/leaflet/leaflet-src.esm.js'
import { listAll } from './api.js'
import { t } from './i18n.js'
import { responderStatus, state } from './state.js'

let map = null
const layers = {}
const incidentMarkers = new Map()
const responderMarkers = new Map()
let fitted = false
let pickHandler = null
let picked = null

const SHAPES = { available: '●', busy: '■', off_duty: '◆', offline: '○' }

export function initMap (container, { tileUrl, onIncident }) {
  map = L.map(container, { zoomControl: true, keyboard: true, attributionControl: tileUrl !== null, worldCopyJump: true })
  map.setView([0, 0], 2)
  if (tileUrl !== null) L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(map)
  layers.zones = L.layerGroup().addTo(map)
  layers.responders = L.layerGroup().addTo(map)
  layers.incidents = L.layerGroup().addTo(map)
  layers.track = L.layerGroup().addTo(map)
  layers.pick = L.layerGroup().addTo(map)
  map.on('click', (e) => { if (pickHandler !== null) pickHandler(e.latlng.lat, e.latlng.lng) })
  map.__onIncident = onIncident
  L.control.scale({ imperial: false }).addTo(map)
  return map
}

export function mapCentre () {
  const c = map.getCenter()
  return { lat: c.lat, lon: c.lng }
}

export async function loadZones () {
  const zones = await listAll('/api/v1/zones')
  layers.zones.clearLayers()
  const features = zones.map(z => ({ type: 'Feature', properties: { id: z.id, name: z.name }, geometry: z.geometry }))
  const gj = L.geoJSON({ type: 'FeatureCollection', features }, {
    style: { color: '#3b4a6b', weight: 2, fillColor: '#9fb3d9', fillOpacity: 0.15, dashArray: '4 3' },
    onEachFeature: (f, layer) => layer.bindTooltip(f.properties.name, { permanent: true, direction: 'center', className: 'zone-label' })
  }).addTo(layers.zones)
  if (zones.length > 0 && !fitted) { map.fitBounds(gj.getBounds(), { padding: [20, 20] }); fitted = true }
}

function incidentIcon (i) {
  const unack = state.unacknowledged.has(i.id)
  return L.divIcon({
    className: `map-incident prio-${i.priority}${unack ? ' unack' : ''}`,
    html: `<span aria-hidden="true">!</span> ${escapeHtml(i.number)}`,
    iconSize: null
  })
}

function iconKey (i) {
  return `${i.number}|${i.priority}|${state.unacknowledged.has(i.id)}`
}

function escapeHtml (s) {
  return String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]))
}

export function renderIncidents () {
  if (map === null) return
  const seen = new Set()
  for (const i of state.incidents.values()) {
    if (i.lat == null || i.lon == null) continue
    seen.add(i.id)
    const label = t('map.incident', { number: i.number, category: i.category, state: t(`state.${i.state}`), priority: i.priority })
    let m = incidentMarkers.get(i.id)
    if (m === undefined) {
      m = L.marker([i.lat, i.lon], { icon: incidentIcon(i), keyboard: true, title: label, alt: label, riseOnHover: true, zIndexOffset: 1000 })
      m.on('click', () => map.__onIncident(i.id))
      // Leaflet hands a focused marker's keys to it as `keypress` (a click only to popups): Enter opens.
      m.on('keypress', (e) => { if (e.originalEvent.key === 'Enter' || e.originalEvent.key === ' ') map.__onIncident(i.id) })
      m.addTo(layers.incidents)
      incidentMarkers.set(i.id, m)
    } else {
      m.setLatLng([i.lat, i.lon])
      // A new icon is a new element: only when it changes, so a focused marker keeps the focus.
      if (m.options.iconKey !== iconKey(i)) m.setIcon(incidentIcon(i))
    }
    m.options.iconKey = iconKey(i)
    m.options.title = label
    const el = m.getElement()
    if (el !== undefined) {
      el.setAttribute('aria-label', label)
      el.setAttribute('role', 'button')
      el.dataset.incident = i.number
    }
  }
  for (const [id, m] of incidentMarkers) if (!seen.has(id)) { m.remove(); incidentMarkers.delete(id) }
  if (!fitted && seen.size > 0) fitToContent()
}

export function renderResponders () {
  if (map === null) return
  const seen = new Set()
  for (const r of state.responders.values()) {
    if (r.lat == null || r.lon == null || r.revokedAt) continue
    seen.add(r.id)
    const status = responderStatus(r)
    const label = t('map.responder', { name: r.name ?? r.id, status: t(`status.${status}`) })
    const icon = L.divIcon({ className: `map-responder status-${status}`, html: `<span aria-hidden="true">${SHAPES[status]}</span> ${escapeHtml(r.name ?? r.id)} · ${escapeHtml(t(`status.${status}`))}`, iconSize: null })
    let m = responderMarkers.get(r.id)
    if (m === undefined) {
      m = L.marker([r.lat, r.lon], { icon, keyboard: false, title: label, alt: label })
      m.addTo(layers.responders)
      responderMarkers.set(r.id, m)
    } else {
      m.setLatLng([r.lat, r.lon])
      if (m.options.iconKey !== label) m.setIcon(icon)
    }
    m.options.iconKey = label
    const el = m.getElement()
    if (el !== undefined) { el.dataset.responder = r.id; el.dataset.status = status }
  }
  for (const [id, m] of responderMarkers) if (!seen.has(id)) { m.remove(); responderMarkers.delete(id) }
  if (!fitted && seen.size > 0) fitToContent()
}

function fitToContent () {
  const pts = [...state.incidents.values(), ...state.responders.values()].filter(x => x.lat != null && x.lon != null).map(x => [x.lat, x.lon])
  if (pts.length === 0) return
  map.fitBounds(L.latLngBounds(pts).pad(0.5), { maxZoom: 15 })
  fitted = true
}

/** The caller's location history of the incident in the detail view (oldest first). */
export function showTrack (locations) {
  layers.track.clearLayers()
  if (!Array.isArray(locations) || locations.length === 0) return
  const pts = locations.map(l => [l.lat, l.lon])
  L.polyline(pts, { color: '#7a1f9c', weight: 3, dashArray: '6 4', className: 'caller-track' }).addTo(layers.track)
  locations.forEach((l, n) => {
    L.circleMarker([l.lat, l.lon], { radius: 5, color: '#7a1f9c', fillOpacity: n === locations.length - 1 ? 1 : 0.3 })
      .bindTooltip(`${n + 1}. ${l.source ?? ''} ${new Date(l.at).toLocaleTimeString()}`).addTo(layers.track)
  })
}

export function focusOn (lat, lon) {
  if (map === null || lat == null || lon == null) return
  map.setView([lat, lon], Math.max(map.getZoom(), 15))
}

/** While the create form is open, a click on the map picks its location. */
export function pickPoint (handler) {
  pickHandler = handler
  if (map !== null) map.getContainer().classList.toggle('picking', handler !== null)
  if (handler === null) { layers.pick.clearLayers(); picked = null }
}

export function showPicked (lat, lon) {
  if (picked === null) picked = L.circleMarker([lat, lon], { radius: 9, color: '#0b5', weight: 3 }).bindTooltip(t('create.picked')).addTo(layers.pick)
  else picked.setLatLng([lat, lon])
}

export function invalidate () { if (map !== null) map.invalidateSize() }
