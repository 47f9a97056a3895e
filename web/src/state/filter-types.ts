// The filters' shape on its own, free of the DOM, so state modules and their tests need no browser types.
/** Filters shared by the map layers and panels; kept in the URL hash by the shell. */
export interface Filters {
  from?: string
  to?: string
  month?: string
  programme?: string
  subjectRole?: string
  ageBand?: string
  crossBoundary?: string
  /** Map overlays switched on by the lead's layer panel, comma-separated (e.g. `hotspots,border`). */
  overlays?: string
  /** Hex circumradius in metres for the hex and hotspot layers. */
  hexSize?: string
  /** How many of the largest flows the map draws (`all` or a number). */
  flowsTop?: string
}
