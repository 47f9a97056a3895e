/**
 * Map colours, named by what they draw. Casings and halos are white on purpose (they separate a
 * line or a label from what lies under it); every other colour is distinct. Hues are from the Okabe–Ito palette, which stays
 * distinguishable under the common colour-vision deficiencies; the neutrals are chosen so that
 * text and lines keep at least 3:1 contrast against the paper-coloured fills (WCAG 1.4.11).
 */
export interface Theme {
  /** Outside every borough (and under a basemap, if one is configured). */
  background: string
  boroughFill: string
  /** Tint of the borough that holds the last looked-up point. */
  boroughSelectedFill: string
  boroughOutline: string
  /** Shared borough borders: the line the whole product is about. */
  border: string
  borderCasing: string
  /** Text naming the two boroughs along a shared border (darker than the line, for 4.5:1). */
  borderLabel: string
  /** The border the user asked to see (e.g. Brent | Westminster). */
  borderHighlight: string
  borderHighlightCasing: string
  wardOutline: string
  lsoaOutline: string
  boroughLabel: string
  wardLabel: string
  labelHalo: string
  selectionPoint: string
  selectionStroke: string
}

export type ThemeName = 'light'

const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const

export const light: Theme = {
  background: '#e9e7e1',
  boroughFill: '#f4f2ec',
  // A warm tint: a pale blue read as a cold spot.
  boroughSelectedFill: '#f1e7c8',
  boroughOutline: '#55534e',
  border: OKABE_ITO.vermillion,
  borderCasing: '#ffffff',
  borderLabel: '#9c3f00',
  // Black on a yellow casing: no data layer uses either, so the chosen border never reads as data.
  borderHighlight: '#000000',
  borderHighlightCasing: '#F0E442',
  wardOutline: '#66635c',
  // A neutral, dashed: green is left to the data (schools).
  lsoaOutline: '#7d7a70',
  boroughLabel: '#1f1e1c',
  wardLabel: '#3b3f57',
  labelHalo: '#ffffff',
  selectionPoint: '#111111',
  selectionStroke: OKABE_ITO.orange,
}

export const themes: Record<ThemeName, Theme> = { light }
