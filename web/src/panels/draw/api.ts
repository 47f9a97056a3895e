import { api } from '../../http.js'

export type DrawnKind = 'estate' | 'patch'
export type AreaGeometry = GeoJSON.Polygon | GeoJSON.MultiPolygon

export interface DrawnProperties {
  code: string
  name: string
  kind: DrawnKind
  parentCode: string | null
  boroughs: string[]
  areaM2: number
  drawnAt: string
  locationsReassigned?: number
}
export type DrawnArea = GeoJSON.Feature<AreaGeometry, DrawnProperties>

/** The estates and patches the lead's organisation drew (the ones they may change). */
export const listDrawn = () => api<GeoJSON.FeatureCollection<AreaGeometry, DrawnProperties>>('/areas/drawn')

export const createDrawn = (body: { kind: DrawnKind; name: string; geometry: AreaGeometry }) => api<DrawnArea>('/areas', { method: 'POST', body })

export const changeDrawn = (code: string, body: { name?: string; geometry?: AreaGeometry }) =>
  api<DrawnArea>(`/areas/${encodeURIComponent(code)}`, { method: 'PATCH', body })

export const deleteDrawn = (code: string) => api<{ code: string; locationsReassigned: number }>(`/areas/${encodeURIComponent(code)}`, { method: 'DELETE' })
