import type { ApiJson } from '../../api.js'
import { api } from '../../http.js'

export type DrawnKind = 'estate' | 'patch'
export type AreaGeometry = GeoJSON.Polygon | GeoJSON.MultiPolygon

/** A drawn area's properties as GET /areas/drawn lists them (the generated API types). */
export type DrawnProperties = ApiJson<'/api/v1/areas/drawn'>['features'][number]['properties'] & { locationsReassigned?: number }
export type DrawnArea = GeoJSON.Feature<AreaGeometry, DrawnProperties>

/** The estates and patches the lead's organisation drew (the ones they may change). */
export const listDrawn = () => api<GeoJSON.FeatureCollection<AreaGeometry, DrawnProperties>>('/areas/drawn')

export const createDrawn = (body: { kind: DrawnKind; name: string; geometry: AreaGeometry }) => api<DrawnArea>('/areas', { method: 'POST', body })

export const changeDrawn = (code: string, body: { name?: string; geometry?: AreaGeometry }) =>
  api<DrawnArea>(`/areas/${encodeURIComponent(code)}`, { method: 'PATCH', body })

export const deleteDrawn = (code: string) => api<{ code: string; locationsReassigned: number }>(`/areas/${encodeURIComponent(code)}`, { method: 'DELETE' })
