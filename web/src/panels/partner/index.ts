import { el } from '../../ui/notices.js'
import { periodPicker } from '../../ui/period-picker.js'
import { registerPanel, type PanelContext } from '../registry.js'
import { agreementSentences } from './agreement.js'
import { mountChooser } from './chooser.js'
import { createPartnerExport, wireExport } from './export.js'
import { fieldBoxes, partnerHtml } from './view.js'

function mount(root: HTMLElement, ctx: PanelContext): () => void {
  const a = ctx.me.agreement
  if (!a && ctx.me.agreementChoices?.length) return mountChooser(root, ctx.me.agreementChoices)
  if (!a) {
    root.replaceChildren(el('p', 'You have no data-sharing agreement in force, so no data can be shared with you.', 'problem'))
    return () => {}
  }
  // Fixed periods only (those that have ended). The agreement's validity says when it is in force,
  // not which months of data it covers, so it does not bound the choice.
  const picker = periodPicker('pt-period')
  root.innerHTML = partnerHtml(a)
  root.querySelector('#pt-period-slot')!.replaceWith(picker.field)
  const name = ctx.areaName
  const statement = root.querySelector<HTMLElement>('#pt-agreement')!
  const renderStatement = () => statement.replaceChildren(...agreementSentences(a, name).map((s) => el('li', s)))
  renderStatement()
  // Borough names once the map has them (it may not have loaded yet): the statement names places, not codes.
  ctx.whenBoroughsKnown(renderStatement)
  root.querySelector('#pt-fields')!.replaceChildren(...fieldBoxes(a))
  const x = createPartnerExport(root, ctx, a, picker, name)
  wireExport(x)
  return () => {
    if (x.dialog.open) x.dialog.close()
  }
}

registerPanel({ id: 'partner', title: 'Your data-sharing agreement', roles: ['partner'], order: 30, mount })
