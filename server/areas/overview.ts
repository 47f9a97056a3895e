// No imports: the web app's first script imports this file as it is.

/**
 * The overview: the boroughs and their shared borders as one small SVG, in Web Mercator metres
 * (EPSG:3857, the map's projection; SVG's y axis points down, so y is negated as ST_AsSVG writes
 * it). The web app draws it the moment the page has loaded, at the camera the map will open at,
 * and removes it once the map has drawn its boroughs and borders (web/src/map/overview.ts): a
 * person sees London at once instead of an empty box while WebGL starts.
 *
 * Shapes are simplified to OVERVIEW_TOLERANCE_M in the stored grid: about a pixel at zoom 12 (12 m
 * on the ground per pixel in London), less further out, so the map's own frame replaces it without a
 * visible jump; the page does not show it when it opens nearer than OVERVIEW_MAX_ZOOM. Coordinates
 * are whole metres, relative (rel=1): about 90 kB for London, 36 kB as the server compresses it.
 */
export const OVERVIEW_TOLERANCE_M = 12
/** The nearest zoom the page shows the overview at (the web app imports this too). */
export const OVERVIEW_MAX_ZOOM = 12
