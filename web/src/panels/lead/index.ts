/** The project lead's panels: analysis layers, time and filters, figures, border zones, evaluation. */
import { renderFiltersForm } from '../../ui/filters-form.js'
import { el } from '../../ui/notices.js'
import { renderTimeSlider } from '../../ui/time-slider.js'
import { whenIdle } from '../../activity.js'
import { registerPanel } from '../registry.js'
import { mountBorderZone } from './border-zone.js'
import { mountEvaluation } from './evaluation.js'
import { mountFigures } from './figures.js'
import { mountOverlays } from './overlays.js'

registerPanel({
  id: 'lead-time',
  title: 'Period and filters',
  tab: 'Analyse',
  roles: ['lead'],
  order: 10,
  mount(body, ctx) {
    const slider = el('div')
    const form = el('div')
    body.append(slider, form)
    // A month counts as drawn when its requests have answered and the map has painted them.
    const drawn = async () => {
      await new Promise((r) => setTimeout(r, 50)) // the overlays start their requests on the filter change
      await whenIdle()
      await new Promise<void>((r) => {
        ctx.map.once('idle', () => r())
        ctx.map.triggerRepaint()
      })
    }
    const a = renderTimeSlider(slider, ctx.filters, ctx.announce, drawn)
    const b = renderFiltersForm(form, ctx.filters)
    return () => {
      a()
      b()
    }
  },
})

registerPanel({ id: 'lead-layers', title: 'Analysis layers', tab: 'Analyse', roles: ['lead'], order: 20, mount: mountOverlays })
registerPanel({ id: 'lead-figures', title: 'Figures', tab: 'Figures', roles: ['lead'], order: 30, mount: mountFigures })
registerPanel({ id: 'lead-border', title: 'Border zones', tab: 'Border zones', roles: ['lead'], order: 35, mount: mountBorderZone })
registerPanel({ id: 'lead-evaluation', title: 'Hot spot evaluation', tab: 'Figures', roles: ['lead'], order: 38, mount: mountEvaluation })
