/** The project lead's panels: analysis layers, time and filters, figures, border zones, evaluation. */
import { renderFiltersForm } from '../../ui/filters-form.js'
import { el } from '../../ui/notices.js'
import { renderTimeSlider } from '../../ui/time-slider.js'
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
    const a = renderTimeSlider(slider, ctx.filters, ctx.announce)
    const b = renderFiltersForm(form, ctx.filters)
    return () => { a(); b() }
  },
})

registerPanel({ id: 'lead-layers', title: 'Analysis layers', tab: 'Analyse', roles: ['lead'], order: 20, mount: mountOverlays })
registerPanel({ id: 'lead-figures', title: 'Figures', tab: 'Figures', roles: ['lead'], order: 30, mount: mountFigures })
registerPanel({ id: 'lead-border', title: 'Border zones', tab: 'Border zones', roles: ['lead'], order: 35, mount: mountBorderZone })
registerPanel({ id: 'lead-evaluation', title: 'Hot spot evaluation', tab: 'Figures', roles: ['lead'], order: 38, mount: mountEvaluation })
