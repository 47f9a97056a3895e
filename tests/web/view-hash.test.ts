import { describe, expect, it } from 'vitest'
import { DEFAULT_VIEW, formatHash, parseHash } from '../../web/src/state/view.js'

describe('view in the URL hash', () => {
  it('round-trips the camera and the layers', () => {
    const view = { zoom: 13.25, lat: 51.534, lon: -0.195, layers: { ...DEFAULT_VIEW.layers, lsoas: false, labels: false } }
    const hash = formatHash(view)
    expect(hash).toBe('#map=13.25/51.53400/-0.19500&layers=boroughs,borders,wards')
    expect(parseHash(hash)).toEqual(view)
  })

  it('keeps the fallback for a missing or malformed part', () => {
    expect(parseHash('')).toEqual(DEFAULT_VIEW)
    expect(parseHash('#map=abc/1/2')).toEqual(DEFAULT_VIEW)
    expect(parseHash('#map=12/95/0')).toEqual(DEFAULT_VIEW)
    expect(parseHash('#layers=')).toEqual({ ...DEFAULT_VIEW, layers: { boroughs: false, borders: false, wards: false, lsoas: false, labels: false } })
  })
})
