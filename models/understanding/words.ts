/** Tokenizes an utterance into lower-case words, keeping digits, '@', '.', '+', '-' and '_' inside tokens. */
export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[,;:!?"()]/g, ' ')
    .split(/\s+/)
    .map((t) => t.replace(/^\.+|\.+$/g, ''))
    .filter(Boolean);
}
