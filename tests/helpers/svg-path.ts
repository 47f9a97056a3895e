/** The points of an SVG path as ST_AsSVG writes it: M/m (absolute/relative move), l (relative line), z. */
export function svgPoints(d: string): Array<[number, number]> {
  const points: Array<[number, number]> = []
  let [x, y] = [0, 0]
  let command = ''
  const tokens = d
    .trim()
    .split(/\s+|(?=[MmLlZz])|(?<=[MmLlZz])/)
    .filter(Boolean)
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!
    if (/^[MmLlZz]$/.test(token)) {
      command = token
      i++
      continue
    }
    const [a, b] = [Number(token), Number(tokens[i + 1])]
    if (command === 'M' || command === 'L') [x, y] = [a, b]
    else if (command === 'm' || command === 'l') [x, y] = [x + a, y + b]
    else throw new Error(`unexpected ${command} in ${d.slice(0, 80)}`)
    if (command === 'M') command = 'L'
    if (command === 'm') command = 'l'
    points.push([x, y])
    i += 2
  }
  return points
}
