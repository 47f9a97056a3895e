import { registerPanel, type PanelContext } from '../registry.js'
import { mountAggregate } from './aggregate.js'
import { mountExact } from './exact.js'

/** Leads see exact figures; every other reader of this panel (commissioners) the perturbed, fixed-period view. */
const mount = (root: HTMLElement, ctx: PanelContext) => (ctx.me.role === 'lead' ? mountExact(root, ctx) : mountAggregate(root, ctx))

registerPanel({ id: 'funding', title: 'Funding and aggregates', tab: 'Funding', roles: ['commissioner', 'lead'], order: 50, mount })
