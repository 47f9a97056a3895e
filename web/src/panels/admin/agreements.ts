import type { ApiJson } from '../../api.js'
import { api } from '../../http.js'
import { el } from '../../ui/notices.js'
import { scrollableTable, scrollBox } from '../../ui/table.js'
import type { PanelContext } from '../registry.js'
import { newAgreementForm } from './agreement-form.js'
import { loadTokens, tokensSection, wireTokens } from './agreement-tokens.js'
import { problem } from './form.js'

type Agreement = ApiJson<'/api/v1/agreements'>['items'][number]

function agreementsTable(list: HTMLElement, agreements: Agreement[], names: (codes: string[]) => string): void {
  scrollableTable(
    {
      caption: `${agreements.length} data-sharing agreements`,
      head: ['Agreement', 'Partner', 'Level', 'Cell', 'Boroughs', 'Fields', 'k', 'Valid', 'In force'],
      rows: agreements.map((a) => [
        a.name,
        a.partnerOrganisation.name,
        a.level,
        `${a.cellM} m`,
        names(a.boroughs),
        a.fields.join(', '),
        a.k,
        `${a.validFrom} to ${a.validUntil}`,
        a.inForce ? 'yes' : 'no',
      ]),
    },
    list,
  )
}

/**
 * Data-sharing agreements (GET/POST /agreements) and their partner API tokens
 * (GET/POST /agreements/{id}/tokens, DELETE …/{tokenId}); a new token is shown once.
 */
export function mountAgreements(body: HTMLElement, ctx: PanelContext): () => void {
  const list = scrollBox('Data-sharing agreements', 'agreements-list')
  const tokens = tokensSection()
  const create = el('details', undefined, 'admin-form')
  body.append(list, tokens.form, create)
  const names = (codes: string[]) => codes.map(ctx.areaName).join(', ')
  wireTokens(tokens)
  newAgreementForm(create, ctx)

  const load = async (keep?: string) => {
    let agreements: Agreement[]
    try {
      agreements = (await api<{ items: Agreement[] }>('/agreements')).items
    } catch (e) {
      list.replaceChildren(el('p', `Agreements could not load: ${problem(e)}`, 'problem'))
      return
    }
    agreementsTable(list, agreements, names)
    const { which } = tokens
    const current = keep ?? which.value
    which.replaceChildren(...agreements.map((a) => Object.assign(el('option', `${a.name} — ${a.partnerOrganisation.name}`), { value: a.id })))
    if (agreements.some((a) => a.id === current)) which.value = current
    await loadTokens(tokens)
  }
  void load()
  return () => {}
}
