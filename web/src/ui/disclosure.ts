import { el } from './notices.js'

/**
 * How an aggregate reader's figures are protected, in plain words (docs/disclosure.md: the cell-key
 * method). Every count is an integer: none is withheld, but none from 1 to k−1 is ever shown, larger
 * ones carry a small fixed noise, and totals are counted from their own set of young people.
 * Leads see exact figures and never this text.
 */
export function perturbedSentence(k: number, noise?: number | null): string {
  const move = noise ? `by up to ${noise}` : 'by a small amount'
  return (
    `Figures are perturbed to protect privacy. A small count is shown as 0 or as ${k}, never 1 to ${k - 1}; ` +
    `larger counts are moved up or down ${move} at random, the same way every time they are asked for. ` +
    'Totals are counted separately and may not equal the sum of the rows.'
  )
}

/** Short form for a table caption or a map legend. */
export const perturbedShort = (k: number) => `perturbed for privacy: small counts show as 0 or at least ${k}; totals are counted separately and may not add up`

/** The sentence as a hint paragraph (`data-perturbed` marks it for tests). */
export function perturbedNote(k: number, noise?: number | null, id?: string): HTMLParagraphElement {
  const p = el('p', perturbedSentence(k, noise), 'hint perturbed-note')
  p.dataset.perturbed = 'true'
  if (id) p.id = id
  return p
}
