/**
 * Shared handling of a CLI's usage text: `--help` prints it and exits 0; the returned `fail`
 * prints a message with the usage and exits 2 (bad arguments).
 */
export function usageHandlers(usage: string, help: boolean | undefined): (message: string) => never {
  if (help) {
    console.log(usage)
    process.exit(0)
  }
  return (message: string): never => {
    console.error(`${message}\n\n${usage}`)
    process.exit(2)
  }
}
