/** An axis-aligned rectangle as a closed GeoJSON ring, [lon, lat] order. */
export function rect (lon1: number, lat1: number, lon2: number, lat2: number): number[][] {
  return [[lon1, lat1], [lon2, lat1], [lon2, lat2], [lon1, lat2], [lon1, lat1]]
}

export function polygon (lon1: number, lat1: number, lon2: number, lat2: number): { type: 'Polygon', coordinates: number[][][] } {
  return { type: 'Polygon', coordinates: [rect(lon1, lat1, lon2, lat2)] }
}
