// The page's script. It is small on purpose: it shows the overview picture of the boroughs at once
// (map/overview.ts), then loads the map's own script (main.ts, with MapLibre, some 250 kB
// compressed), which takes the picture away when the map has drawn. The styles are imported here
// so that the page's stylesheet is linked from the page itself, not added when main.ts arrives.
import 'maplibre-gl/dist/maplibre-gl.css'
import './app.css'
import { removeOverview, showOverview } from './map/overview.js'
import { parseHash } from './state/view.js'
import { light } from './style/theme.js'

const container = document.getElementById('map')
if (container) showOverview(container, parseHash(location.hash), light).catch((e: unknown) => console.warn('The overview could not be shown.', e))

import('./main.js').catch((e: unknown) => {
  console.error('The map could not be loaded.', e)
  removeOverview()
})
