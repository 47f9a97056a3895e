import { OGL_ATTRIBUTION } from '../geodata/attribution.js'
import type { Link } from './documents.js'

/**
 * The HTML encoding of the OGC documents: plain server-written pages for a person who opens /ogc in
 * a browser (no script). Every value from data or the request goes through esc().
 */
export const HTML_TYPE = 'text/html; charset=utf-8'

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export const esc = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!)

/** The same URL with f=html (links in the JSON point at JSON). */
export function htmlHref(href: string): string {
  const u = new URL(href)
  u.searchParams.set('f', 'html')
  return u.toString()
}

function page(title: string, body: string, jsonHref: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)} – crossborough OGC API</title><style>body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:70rem;padding:0 1rem;color:#1b1b1b}` +
    `table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f2f2f2}` +
    `nav a{margin-right:1rem}footer{margin-top:2rem;font-size:12px;color:#555}</style></head><body>` +
    `<nav aria-label="OGC API"><a href="/ogc?f=html">Landing page</a><a href="/ogc/collections?f=html">Collections</a><a href="${esc(jsonHref)}">This page as JSON</a></nav>` +
    `<main><h1>${esc(title)}</h1>${body}</main><footer>${esc(OGL_ATTRIBUTION)}</footer></body></html>`
  )
}

/** A link list; links to this API's JSON documents are followed as HTML (not the OpenAPI document). */
const linkList = (links: Link[]) =>
  `<ul>${links
    .map((l) => {
      const href = l.href.includes('/ogc') && l.rel !== 'service-desc' && l.type !== 'text/html' ? htmlHref(l.href) : l.href
      return `<li><a href="${esc(href)}">${esc(l.title ?? l.rel)}</a> <small>(${esc(l.rel)})</small></li>`
    })
    .join('')}</ul>`

export function landingHtml(doc: { title: string; description: string; links: Link[] }, self: string): string {
  return page(doc.title, `<p>${esc(doc.description)}</p>${linkList(doc.links.filter((l) => !l.rel.startsWith('http')))}`, self)
}

export function conformanceHtml(classes: readonly string[], self: string): string {
  return page('Conformance classes', `<ul>${classes.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>`, self)
}

interface CollectionDoc {
  id: string
  title: string
  description: string
  crs: string[]
  storageCrs: string
  extent: { spatial: { bbox: number[][] } }
  links: Link[]
}

export function collectionsHtml(docs: CollectionDoc[], self: string): string {
  const rows = docs
    .map(
      (c) =>
        `<tr><td><a href="${esc(htmlHref(c.links.find((l) => l.rel === 'self')!.href))}">${esc(c.title)}</a></td><td>${esc(c.id)}</td><td>${esc(c.description)}</td></tr>`,
    )
    .join('')
  return page(
    'Collections',
    docs.length
      ? `<table><thead><tr><th>Title</th><th>Id</th><th>Description</th></tr></thead><tbody>${rows}</tbody></table>`
      : '<p>No collections are visible to you.</p>',
    self,
  )
}

export function collectionHtml(c: CollectionDoc, self: string): string {
  const items = c.links.find((l) => l.rel === 'items')
  return page(
    c.title,
    `<p>${esc(c.description)}</p><dl><dt>Id</dt><dd>${esc(c.id)}</dd><dt>Coordinate reference systems</dt><dd>${c.crs.map(esc).join('<br>')}</dd>` +
      `<dt>Stored in</dt><dd>${esc(c.storageCrs)}</dd><dt>Extent (CRS84)</dt><dd>${esc(c.extent.spatial.bbox[0]?.join(', '))}</dd></dl>` +
      (items ? `<p><a href="${esc(htmlHref(items.href))}">Browse the features</a></p>` : '') +
      linkList(c.links),
    self,
  )
}

interface FeatureJson {
  id?: unknown
  geometry?: { type?: string } | null
  properties?: Record<string, unknown> | null
}

const cell = (v: unknown) => `<td>${esc(typeof v === 'object' && v !== null ? JSON.stringify(v) : v)}</td>`

export function itemsHtml(title: string, features: string[], numberMatched: number, links: Link[], itemHref: (id: string) => string, self: string): string {
  const parsed = features.map((f) => JSON.parse(f) as FeatureJson)
  const columns = [...new Set(parsed.flatMap((f) => Object.keys(f.properties ?? {})))]
  const rows = parsed
    .map(
      (f) =>
        `<tr><td><a href="${esc(htmlHref(itemHref(String(f.id))))}">${esc(f.id)}</a></td><td>${esc(f.geometry?.type)}</td>${columns.map((c) => cell(f.properties?.[c])).join('')}</tr>`,
    )
    .join('')
  const nav = links
    .filter((l) => l.rel === 'next' || l.rel === 'prev')
    .map((l) => `<a href="${esc(htmlHref(l.href))}">${l.rel === 'next' ? 'Next page' : 'Previous page'}</a>`)
    .join(' ')
  return page(
    title,
    `<p>${features.length} of ${numberMatched} features. ${nav}</p>` +
      `<table><thead><tr><th>Id</th><th>Geometry</th>${columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table><p>${nav}</p>`,
    self,
  )
}

export function itemHtml(title: string, feature: string, self: string): string {
  const f = JSON.parse(feature) as FeatureJson
  const props = Object.entries(f.properties ?? {})
    .map(([k, v]) => `<tr><th>${esc(k)}</th>${cell(v)}</tr>`)
    .join('')
  return page(`${title}: ${String(f.id)}`, `<table><tbody><tr><th>Geometry</th><td>${esc(f.geometry?.type)}</td></tr>${props}</tbody></table>`, self)
}
