/**
 * Great-circle (haversine) distance in metres, as an SQL expression, between the point in columns
 * `<table>.lat`/`<table>.lon` and the point `lat`, `lon` (SQL expressions, e.g. `$1`). In SQL so
 * filters, ordering and pagination stay in the database.
 */
export function greatCircleMetersSql (table: string, lat: string, lon: string): string {
  return `(2 * 6371000 * asin(least(1, sqrt(power(sin(radians(${table}.lat - ${lat}) / 2), 2)
     + cos(radians(${lat})) * cos(radians(${table}.lat)) * power(sin(radians(${table}.lon - ${lon}) / 2), 2)))))`
}
