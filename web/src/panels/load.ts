/**
 * The role views (the lead's analysis and drawing, casework, the commissioner's and partner's
 * views, the admin's screens) register with the panel registry when their modules run. They are a
 * chunk of their own, about a third of the page's script with the drawing and chart libraries, so
 * the public map is drawn without waiting for them: the page fetches them once the map has drawn,
 * and the shell waits for them before it shows a signed-in role.
 */
let loading: Promise<void> | undefined

export function loadPanels(): Promise<void> {
  loading ??= Promise.all([import('./lead/index.js'), import('./admin/index.js'), import('./index.js')]).then(() => undefined)
  return loading
}
